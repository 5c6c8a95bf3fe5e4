// The Mitmachkarte: Leaflet with canvas-rendered circle markers (fast with thousands of them),
// filters applied in the browser, and the accessible list kept in step with the map.
(function () {
  "use strict";

  var configElement = document.getElementById("map-config");
  var container = document.querySelector("[data-map]");
  if (!configElement || !container || !window.L) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var labels = config.labels || {};
  var form = document.querySelector("[data-map-filters]");
  var countElement = document.querySelector("[data-map-count]");
  var GERMANY = [[47.2, 5.8], [55.1, 15.1]];

  container.textContent = "";
  container.classList.add("map-canvas--ready");
  var map = L.map(container, { preferCanvas: true, scrollWheelZoom: false, minZoom: 5 });
  map.fitBounds(GERMANY);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 18 }).addTo(map);
  } else {
    container.classList.add("map-canvas--no-tiles");
  }
  var renderer = L.canvas({ padding: 0.5 });
  var layer = L.layerGroup().addTo(map);
  var features = [];
  var markers = {};

  // Marker colours are the design tokens of site.css (--map-<category>), read once per category.
  var tokens = window.getComputedStyle(document.documentElement);
  var colours = {};
  function token(name) { return tokens.getPropertyValue("--" + name).trim(); }
  function colourFor(category) {
    if (!(category in colours)) { colours[category] = token("map-" + category) || token("map-other"); }
    return colours[category];
  }
  var OUTLINE = token("map-marker-outline");
  var MUNICIPALITY_OUTLINE = token("map-municipality-outline");

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function link(href, text) {
    var a = element("a", text);
    a.href = href;
    if (href.indexOf("http") === 0) { a.rel = "noopener"; a.target = "_blank"; }
    return a;
  }

  function popupFor(props) {
    var box = element("div", null, "map-popup");
    box.appendChild(element("h3", props.name, "map-popup__title"));
    if (props.kind === "municipality") {
      box.appendChild(element("p", props.status_label + " · " + props.state_name));
      if (props.partner) { box.appendChild(element("p", labels.partner + ": " + props.partner)); }
    } else {
      box.appendChild(element("p", props.category_label, "map-popup__category"));
      if (props.address) { box.appendChild(element("p", props.address)); }
      if (props.description) { box.appendChild(element("p", props.description)); }
      if (props.contact) { box.appendChild(element("p", labels.contact + ": " + props.contact)); }
    }
    var contacts = element("ul", null, "map-popup__contacts");
    if (props.email) {
      var item = element("li");
      item.appendChild(link("mailto:" + props.email, props.email));
      contacts.appendChild(item);
    }
    if (props.phone) { contacts.appendChild(element("li", labels.phone + ": " + props.phone)); }
    if (props.website && /^https?:\/\//.test(props.website)) {
      var web = element("li");
      web.appendChild(link(props.website, labels.website));
      contacts.appendChild(web);
    }
    if (contacts.childNodes.length) { box.appendChild(contacts); }
    return box;
  }

  function activeFilters() {
    var categories = [];
    var state = config.state || "";
    if (form) {
      form.querySelectorAll("input[name=category]:checked").forEach(function (input) {
        categories.push(input.value);
      });
      var select = form.querySelector("select[name=state]");
      if (select) { state = select.value; }
    }
    return { categories: categories, state: state };
  }

  function matches(category, state, filters) {
    if (filters.categories.length && filters.categories.indexOf(category) === -1) { return false; }
    if (filters.state && state !== filters.state) { return false; }
    return true;
  }

  function render() {
    var filters = activeFilters();
    var counts = { municipality: 0, initiative: 0 };
    layer.clearLayers();
    features.forEach(function (feature) {
      var props = feature.properties;
      if (!matches(props.category, props.state, filters)) { return; }
      counts[props.kind] += 1;
      layer.addLayer(markers[feature.id]);
    });
    document.querySelectorAll("tr[data-feature]").forEach(function (row) {
      row.hidden = !matches(row.getAttribute("data-category"), row.getAttribute("data-state"), filters);
    });
    if (countElement && labels.count) {
      countElement.textContent = labels.count
        .replace("{municipalities}", counts.municipality)
        .replace("{initiatives}", counts.initiative);
    }
  }

  function addMarker(feature) {
    var props = feature.properties;
    var coordinates = feature.geometry.coordinates;
    var isMunicipality = props.kind === "municipality";
    var marker = L.circleMarker([coordinates[1], coordinates[0]], {
      renderer: renderer,
      radius: isMunicipality ? 9 : 6,
      weight: isMunicipality ? 3 : 1.5,
      color: isMunicipality ? MUNICIPALITY_OUTLINE : OUTLINE,
      fillColor: colourFor(props.category),
      fillOpacity: 0.9
    });
    marker.bindPopup(function () { return popupFor(props); });
    markers[feature.id] = marker;
    features.push(feature);
  }

  // The list's "show on map" buttons are rendered by the server and shown once the map is
  // ready; one delegated listener serves all of them.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-show-feature]") : null;
    var marker = button && markers[button.getAttribute("data-show-feature")];
    if (!marker) { return; }
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 10));
    marker.openPopup();
    container.scrollIntoView({ block: "nearest" });
  });

  function load(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    });
  }

  Promise.all([load(config.municipalitiesUrl), load(config.initiativesUrl)])
    .then(function (collections) {
      collections.forEach(function (collection) { collection.features.forEach(addMarker); });
      render();
      var view = container.closest("[data-mapview]");
      if (view) { view.classList.add("mapview--ready"); }
      var shown = L.featureGroup(layer.getLayers());
      if (shown.getLayers().length) {
        map.fitBounds(shown.getBounds(), { padding: [30, 30], maxZoom: 10 });
      }
      container.setAttribute("data-map-ready", "true");
    })
    .catch(function () {
      container.appendChild(element("p", labels.loadError, "map-canvas__error"));
    });

  if (form) {
    form.addEventListener("change", render);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      render();
      var query = new URLSearchParams(new FormData(form)).toString();
      window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    });
  }
})();
