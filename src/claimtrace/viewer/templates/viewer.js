(function () {
  "use strict";
  // Data strings are written with textContent only: nothing from the data is parsed as markup.
  var data = JSON.parse(document.getElementById("ct-data").textContent);
  var texts = document.getElementById("texts");
  var panel = document.getElementById("panel-body");
  var firsts = Array.prototype.slice.call(document.querySelectorAll("mark.claim.first"));
  var current = null;

  function parts(id) {
    return document.querySelectorAll('mark.claim[data-claim-id="' + CSS.escape(id) + '"]');
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function clear() {
    document.querySelectorAll("mark.selected, mark.aligned").forEach(function (m) {
      m.classList.remove("selected", "aligned");
    });
    current = null;
  }

  function scrollInto(mark) {
    var box = mark.closest(".text");
    if (box) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }

  function driftChip(drift) {
    var legend = data.drift[drift] || { text: drift || "(none)", colour: "#000000", group: "changed" };
    var chip = el("span", null, "drift-chip group-" + legend.group);
    chip.style.setProperty("--c", legend.colour);
    chip.appendChild(el("span", null, "swatch"));
    chip.appendChild(document.createTextNode(legend.text));
    return chip;
  }

  function renderPanel(id) {
    var claim = data.claims[id];
    var prop = data.propositions[claim.proposition_id] || { claim_ids: [id] };
    panel.replaceChildren();
    panel.appendChild(el("p", prop.canonical_text || claim.claim_text, "statement"));
    var facts = el("p");
    var status = el("span", (prop.status || "").replace(/_/g, " "), "status status-" + prop.status);
    facts.appendChild(status);
    facts.appendChild(document.createTextNode(
      " · topic " + (prop.topic || "") + (prop.disputed_aspect ? " · values: " + prop.disputed_aspect : "") +
      " · " + claim.proposition_id));
    panel.appendChild(facts);
    var related = data.relations[claim.proposition_id] || [];
    if (related.length) {
      var list = el("ul", null, "relations");
      related.forEach(function (r) {
        var other = data.propositions[r.other] || {};
        list.appendChild(el("li", r.relation.replace(/_/g, " ") + " " + r.other + " (" +
          (other.canonical_text || "") + "): " + (r.note || "")));
      });
      panel.appendChild(list);
    }
    var table = el("table");
    var head = el("tr");
    ["source and quote", "value", "drift"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    var stating = {};
    prop.claim_ids.forEach(function (cid) {
      var c = data.claims[cid];
      stating[c.source_id] = true;
      var row = el("tr", null, cid === id ? "current" : "");
      row.setAttribute("data-row-claim", cid);
      var src = el("td");
      var source = data.sources[c.source_id] || {};
      src.appendChild(el("div", source.title || c.source_id));
      var link = el("button", cid, "claim-link");
      link.type = "button";
      link.addEventListener("click", function () { select(cid, true); });
      src.appendChild(link);
      src.appendChild(el("div", "“" + c.quote + "”", "quote"));
      row.appendChild(src);
      row.appendChild(el("td", c.proposition_value === null ? "(no value)" : c.proposition_value));
      var drift = el("td");
      drift.appendChild(driftChip(c.drift));
      var note = [c.drift_note, c.attribution ? "attributed to " + c.attribution : null,
        c.parent_claim_id ? "made from " + c.parent_claim_id : null];
      drift.appendChild(el("div", note.filter(Boolean).join(" · "), "note"));
      row.appendChild(drift);
      body.appendChild(row);
    });
    panel.appendChild(table);
    var silent = Object.keys(data.sources).filter(function (s) { return !stating[s]; });
    if (silent.length) panel.appendChild(el("p", "Not stated by: " + silent.join(", "), "hint"));
  }

  function select(id, focus) {
    var claim = data.claims[id];
    if (!claim) return;
    clear();
    current = id;
    var prop = data.propositions[claim.proposition_id];
    var ids = prop ? prop.claim_ids : [id];
    var scrolled = {};
    ids.forEach(function (cid) {
      var marks = parts(cid);
      marks.forEach(function (m) { m.classList.add(cid === id ? "selected" : "aligned"); });
      var source = data.claims[cid].source_id;
      if (marks.length && (cid === id || !scrolled[source])) {
        scrolled[source] = true;
        scrollInto(marks[0]);
      }
    });
    renderPanel(id);
    if (focus && parts(id).length) parts(id)[0].focus({ preventScroll: true });
  }

  function claimOf(target) {
    var figure = target.closest("mark.figure");
    if (figure && !target.closest("mark.claim")) return figure.getAttribute("data-of-claim");
    var mark = target.closest("mark.claim");
    return mark ? mark.getAttribute("data-claim-id") : null;
  }

  texts.addEventListener("click", function (event) {
    var id = claimOf(event.target);
    if (id) select(id, false);
  });

  function step(delta) {
    var index = current === null ? -1 : firsts.findIndex(function (m) {
      return m.getAttribute("data-claim-id") === current;
    });
    var next = firsts[(index + delta + firsts.length) % firsts.length];
    if (next) select(next.getAttribute("data-claim-id"), true);
  }

  document.addEventListener("keydown", function (event) {
    var tag = event.target.tagName;
    if (tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA" || event.altKey || event.ctrlKey || event.metaKey) return;
    var mark = event.target.closest && event.target.closest("mark.claim");
    var row = event.target.closest && event.target.closest("tr[data-for-claim]");
    if ((event.key === "Enter" || event.key === " ") && (mark || row)) {
      event.preventDefault();
      if (mark) select(mark.getAttribute("data-claim-id"), true);
      else openRow(row);
    } else if (event.key === "j" || event.key === "n") {
      step(1);
    } else if (event.key === "k" || event.key === "p") {
      step(-1);
    } else if (event.key === "Escape") {
      clear();
    }
  });

  function openRow(row) {
    select(row.getAttribute("data-for-claim"), true);
    document.getElementById("reading").scrollIntoView({ block: "start" });
  }

  var table = document.querySelector("table.props");
  table.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-for-claim]");
    if (row) openRow(row);
  });

  var statusFilter = document.getElementById("filter-status");
  var topicFilter = document.getElementById("filter-topic");
  var count = document.getElementById("filter-count");
  function filter() {
    var rows = table.querySelectorAll("tbody tr");
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!statusFilter.value || row.getAttribute("data-status") === statusFilter.value) &&
        (!topicFilter.value || row.getAttribute("data-topic") === topicFilter.value);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " of " + rows.length + " shown";
  }
  statusFilter.addEventListener("change", filter);
  topicFilter.addEventListener("change", filter);
  document.querySelector("form.filters").addEventListener("submit", function (event) { event.preventDefault(); });

  document.querySelectorAll("#figures .bar").forEach(function (bar) {
    bar.addEventListener("click", function () {
      select(bar.getAttribute("data-for-claim"), true);
      document.getElementById("reading").scrollIntoView({ block: "start" });
    });
  });
})();
