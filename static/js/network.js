// The network picture of /planung/netzwerk, drawn with Cytoscape.js from the JSON twin.
// The lists on the page carry the same facts; this picture is an addition, not the only view.
(function () {
  "use strict";
  var box = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!box || typeof window.cytoscape !== "function") { return; }

  // Labels keep the same size on screen at every zoom (13 px, institutions 12 px) and wrap
  // instead of being cut, on a light background so that edges do not cross them.
  function onScreen(px) {
    return function (node) { return px / node.cy().zoom(); };
  }
  var style = [
    { selector: "node", style: { "label": "data(label)", "font-size": onScreen(13),
        "text-wrap": "wrap", "text-max-width": onScreen(150), "color": "#1b1f24", "text-valign": "bottom",
        "text-margin-y": 3, "text-background-color": "#ffffff", "text-background-opacity": 0.85,
        "text-background-padding": 1, "min-zoomed-font-size": 0 } },
    { selector: "node[kind = 'sozialraum']", style: { "background-color": "#0b5394",
        "shape": "round-rectangle", "width": 34, "height": 22, "font-weight": "bold" } },
    { selector: "node[kind = 'gremium']", style: { "background-color": "#b45309",
        "shape": "diamond", "width": 22, "height": 22 } },
    { selector: "node[kind = 'institution']", style: { "background-color": "#8a96a3",
        "width": 10, "height": 10, "font-size": onScreen(12) } },
    { selector: "node[?bridge]", style: { "background-color": "#1f6f43", "width": 14, "height": 14 } },
    { selector: "edge", style: { "width": 1, "line-color": "#c3ccd5", "curve-style": "haystack" } },
    { selector: "edge[kind = 'covers']", style: { "width": 2, "line-color": "#6f8fb3" } }
  ];

  fetch(box.dataset.source, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (data) {
      var elements = data.elements;
      var cy = window.cytoscape({
        container: box, elements: elements.nodes.concat(elements.edges), style: style,
        // Longer edges around a node with many neighbours give their labels room.
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 400000,
                  idealEdgeLength: function (edge) {
                    return 80 + 14 * Math.max(edge.source().degree(), edge.target().degree());
                  },
                  nodeOverlap: 40, componentSpacing: 80, numIter: 1500, padding: 20 },
        wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3
      });
      cy.on("tap", "node", function (event) {
        var node = event.target;
        cy.elements().removeClass("faded");
        cy.elements().not(node.closedNeighborhood()).style("opacity", 0.15);
        node.closedNeighborhood().style("opacity", 1);
      });
      cy.on("tap", function (event) {
        if (event.target === cy) { cy.elements().style("opacity", 1); }
      });
      cy.style().update();  // the labels' size for the zoom that fits the picture
      cy.on("zoom", function () { cy.style().update(); });
      box.dataset.ready = "true";
      status.textContent = elements.nodes.length + " Knoten, " + elements.edges.length +
        " Verbindungen" + (elements.truncated ? " (Bild gekürzt, die Listen sind vollständig)" : "") +
        ". Tippen Sie auf einen Knoten, um seine Nachbarn hervorzuheben.";
    })
    .catch(function () {
      status.textContent = "Das Netzwerkbild konnte nicht geladen werden; die Listen unten sind vollständig.";
    });
}());
