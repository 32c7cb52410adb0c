/* The map page: draws institutions from /api/v1/map with Leaflet and keeps the
   filter form, the map and the list (its accessible equivalent) in sync.
   Without this script the page still shows the form and the server-rendered list. */
(function () {
  "use strict";

  var box = document.getElementById("karte");
  var form = document.getElementById("map-filters");
  var list = document.getElementById("map-list");
  var count = document.getElementById("map-count");
  var notice = document.getElementById("map-notice");
  if (!box || !form || !list || typeof L === "undefined") { return; }

  var FILTERS = ["sozialraum", "zielgruppe", "thema", "kostenlos"];
  var state = { map: null, cluster: null, labels: null, markers: {}, colours: {} };

  // Inline style attributes are blocked by the CSP; styles set from script are not.
  function paint(element, colour) {
    if (colour) { element.style.backgroundColor = colour; }
  }

  function paintBadges(root) {
    root.querySelectorAll("[data-colour]").forEach(function (el) {
      paint(el, el.getAttribute("data-colour"));
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  var CategoryIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      paint(div, this.options.colour);
      return div;
    }
  });

  function createMap() {
    var map = L.map(box, { zoomControl: true, scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    map.createPane("labels");
    map.getPane("labels").style.zIndex = 450;
    map.getPane("labels").style.pointerEvents = "none";
    addTiles(map);
    state.labels = L.layerGroup().addTo(map);
    state.cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    map.addLayer(state.cluster);
    map.setView([51.4963, 6.8638], 12);
    return map;
  }

  function addTiles(map) {
    var url = box.getAttribute("data-tiles");
    if (!url) { notice.hidden = false; return; }
    var loaded = false;
    var layer = L.tileLayer(url, {
      maxZoom: 19,
      attribution: box.getAttribute("data-attribution") || "",
      // The site sends no referrer; tile servers such as OpenStreetMap's ask for one.
      referrerPolicy: "strict-origin-when-cross-origin"
    });
    layer.on("tileload", function () { loaded = true; notice.hidden = true; });
    layer.on("tileerror", function () { if (!loaded) { notice.hidden = false; } });
    layer.addTo(map);
  }

  function drawLabels(stadtteile) {
    var seen = {};
    stadtteile.forEach(function (t) {  // halves of a Stadtteil may share one centroid
      var key = t.lat + "," + t.lon;
      seen[key] = seen[key] ? seen[key].concat([t.name]) : [t.name];
    });
    Object.keys(seen).forEach(function (key) {
      var label = el("span", null, seen[key].join(" / "));
      var point = key.split(",").map(Number);
      L.marker(point, {
        pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "stadtteil-label", html: label, iconSize: null })
      }).addTo(state.labels);
    });
  }

  function offerList(inst) {
    var offers = el("ul", "map-offers");
    inst.offers.forEach(function (o) {
      var li = el("li");
      li.appendChild(link(o.url, o.title));
      offers.appendChild(li);
    });
    return offers;
  }

  function popupContent(inst) {
    var root = el("div", "map-popup");
    var title = el("strong");
    title.appendChild(link(inst.url, inst.name));
    root.appendChild(title);
    root.appendChild(el("p", "meta", inst.category + (inst.stadtteil ? " · " + inst.stadtteil : "")));
    if (inst.approximate) { root.appendChild(el("p", "approx", inst.approximate_reason)); }
    if (inst.offers.length) { root.appendChild(offerList(inst)); }
    return root;
  }

  // Scrolls only the list panel (when it scrolls on its own, on wide screens), never the page.
  function focusItem(id, scroll) {
    list.querySelectorAll(".map-item.is-focused").forEach(function (item) {
      item.classList.remove("is-focused");
    });
    var item = document.getElementById("einrichtung-" + id);
    if (!item) { return; }
    item.classList.add("is-focused");
    var panel = list.parentElement;
    if (scroll && panel.scrollHeight > panel.clientHeight) {
      panel.scrollTop = item.offsetTop;  // the panel is positioned: offsets are its own
    }
  }

  function showOnMap(id) {
    var marker = state.markers[id];
    if (!marker) { return; }
    state.cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
    focusItem(id, false);
  }

  function drawMarkers(institutions, categories) {
    state.cluster.clearLayers();
    state.markers = {};
    institutions.forEach(function (inst) {
      var category = categories[inst.category];
      var marker = L.marker([inst.lat, inst.lon], {
        title: inst.name + " (" + inst.category + (inst.approximate ? ", Lage ungefähr" : "") + ")",
        alt: inst.name,
        icon: new CategoryIcon({
          className: "map-marker" + (inst.approximate ? " is-approximate" : ""),
          html: category.letter, colour: category.colour,
          iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12]
        })
      });
      marker.bindPopup(function () { return popupContent(inst); });
      marker.on("click", function () { focusItem(inst.id, false); });
      state.markers[inst.id] = marker;
      state.cluster.addLayer(marker);
    });
  }

  function listItem(inst, category) {
    var item = el("li", "map-item");
    item.id = "einrichtung-" + inst.id;
    item.setAttribute("data-id", inst.id);
    var heading = el("h3");
    var badge = el("span", "cat-badge" + (inst.approximate ? " is-approximate" : ""), category.letter);
    badge.setAttribute("aria-hidden", "true");
    paint(badge, category.colour);
    heading.appendChild(badge);
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(link(inst.url, inst.name));
    item.appendChild(heading);
    var where = inst.category + (inst.stadtteil ? " · " + inst.stadtteil : "") +
      (inst.sozialraum ? " (" + inst.sozialraum + ")" : "");
    item.appendChild(el("p", "meta", where));
    if (inst.approximate) { item.appendChild(el("p", "approx", inst.approximate_reason)); }
    if (inst.offers.length) {
      item.appendChild(offerList(inst));
    } else {
      item.appendChild(el("p", "meta", "Keine öffentlichen Angebote eingetragen."));
    }
    item.appendChild(showButton(inst));
    return item;
  }

  function showButton(inst) {
    var button = el("button", "secondary show-on-map", "Auf der Karte zeigen");
    button.type = "button";
    button.setAttribute("aria-label", inst.name + " auf der Karte zeigen");
    button.addEventListener("click", function () {
      showOnMap(inst.id);
      box.scrollIntoView({ block: "nearest" });
    });
    return button;
  }

  function drawList(institutions, categories) {
    list.textContent = "";
    if (!institutions.length) {
      list.appendChild(el("li", "map-empty",
        "Für diese Auswahl gibt es keine Einrichtung. Versuchen Sie es mit weniger Filtern."));
      return;
    }
    institutions.forEach(function (inst) {
      list.appendChild(listItem(inst, categories[inst.category]));
    });
  }

  function countText(data, params) {
    var n = data.institutions.length;
    var ids = {};
    data.institutions.forEach(function (i) { i.offers.forEach(function (o) { ids[o.id] = true; }); });
    var m = Object.keys(ids).length;
    return n + " Einrichtung" + (n === 1 ? "" : "en") + " mit " + m + " Angebot" +
      (m === 1 ? "" : "en") + (params.get("sozialraum") ? " (einschließlich stadtweiter Angebote)" : "");
  }

  function render(data, params, fit) {
    var categories = {};
    data.categories.forEach(function (c) { categories[c.name] = c; });
    drawMarkers(data.institutions, categories);
    drawList(data.institutions, categories);
    count.textContent = countText(data, params);
    var bounds = state.cluster.getBounds();
    if (fit && bounds.isValid()) { state.map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 }); }
  }

  function currentParams() {
    var params = new URLSearchParams();
    var data = new FormData(form);
    FILTERS.forEach(function (name) {
      var value = data.get(name);
      if (value) { params.set(name, value); }
    });
    return params;
  }

  function load(params, fit) {
    form.setAttribute("aria-busy", "true");
    return fetch(box.getAttribute("data-api") + "?" + params.toString(), {
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error((body.error && body.error.message) || response.statusText); }
        return body;
      });
    }).then(function (data) {
      if (!state.labels.getLayers().length) { drawLabels(data.stadtteile); }
      render(data, params, fit);
    }).catch(function (error) {
      count.textContent = "Die Karte konnte nicht aktualisiert werden: " + error.message;
    }).finally(function () {
      form.removeAttribute("aria-busy");
    });
  }

  function onFilterChange(event) {
    if (event) { event.preventDefault(); }
    var params = currentParams();
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    load(params, true);
  }

  box.hidden = false;
  paintBadges(document);
  state.map = createMap();
  form.addEventListener("submit", onFilterChange);
  form.querySelectorAll("select, input").forEach(function (input) {
    input.addEventListener("change", onFilterChange);
  });
  var focus = box.getAttribute("data-focus");
  load(currentParams(), !focus).then(function () {
    if (focus) {
      showOnMap(focus);
      focusItem(focus, true);
      box.scrollIntoView({ block: "nearest" });
    }
  });
}());
