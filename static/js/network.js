// The network picture of /planung/netzwerk, drawn with Cytoscape.js from the JSON twin.
// The lists on the page carry the same facts; this picture is an addition, not the only view.
(function () {
  "use strict";
  var box = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!box || typeof window.cytoscape !== "function") { return; }

  var style = [
    { selector: "node", style: { "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis",
        "text-max-width": 90, "color": "#1b1f24", "text-valign": "bottom", "text-margin-y": 3 } },
    { selector: "node[kind = 'sozialraum']", style: { "background-color": "#0b5394",
        "shape": "round-rectangle", "width": 34, "height": 22, "font-weight": "bold" } },
    { selector: "node[kind = 'gremium']", style: { "background-color": "#b45309",
        "shape": "diamond", "width": 22, "height": 22 } },
    { selector: "node[kind = 'institution']", style: { "background-color": "#8a96a3",
        "width": 10, "height": 10, "font-size": 7 } },
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
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000,
                  idealEdgeLength: 60, numIter: 1500 },
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
      box.dataset.ready = "true";
      status.textContent = elements.nodes.length + " Knoten, " + elements.edges.length +
        " Verbindungen" + (elements.truncated ? " (Bild gekürzt, die Listen sind vollständig)" : "") +
        ". Tippen Sie auf einen Knoten, um seine Nachbarn hervorzuheben.";
    })
    .catch(function () {
      status.textContent = "Das Netzwerkbild konnte nicht geladen werden; die Listen unten sind vollständig.";
    });
}());
