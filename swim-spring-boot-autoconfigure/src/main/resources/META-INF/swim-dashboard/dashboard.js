// The SWIM dashboard. Every value shown comes from the network (member names, addresses,
// metadata): it is only ever set as text (textContent, attribute values), never parsed as HTML.
(function () {
  'use strict';

  var ROW = 30; // px, the fixed row height the virtual list relies on (--row in the CSS)
  var OVERSCAN = 6; // rows rendered above and below the visible ones
  var TIMELINE_MAX = 200; // events kept and shown
  var STATES = ['ALIVE', 'SUSPECT', 'DEAD', 'LEFT'];

  var $ = function (id) { return document.getElementById(id); };
  var perf = document.body.dataset; // figures the browser tests read

  var config = null;
  var source = null; // the EventSource while the stream is open or reconnecting
  var pollTimer = 0; // the timeout of the next poll while polling
  var pollRun = 0; // the current polling run, 0 while the stream is up
  var pollRuns = 0;
  var reconnectTimer = 0;
  var lastMessage = 0;
  var linkMode = '';

  var node = null;
  var counters = null;
  var members = new Map(); // name -> member (with a version for cheap re-rendering)
  var sorted = []; // every member, by name
  var filtered = []; // the members the filters let through, by name
  var sortedDirty = true;
  var filterDirty = true;
  var timeline = [];
  var timelineDirty = true;
  var renderQueued = false;
  var maxLag = 0;

  var viewport = $('viewport');
  var spacer = $('spacer');
  var pool = []; // row elements, reused as the list scrolls

  var filter = { name: '', state: '', metaKey: '', metaValue: '', metaAny: false };

  // ---------------------------------------------------------------------------------------------
  // Formatting

  function text(el, value) {
    var s = value === null || value === undefined ? '\u2014' : String(value);
    if (el.textContent !== s) {
      el.textContent = s;
    }
  }

  function num(n) {
    return typeof n === 'number' ? n.toLocaleString('en-US') : '\u2014';
  }

  function duration(ms) {
    if (!(ms >= 0)) {
      return '\u2014';
    }
    var s = Math.floor(ms / 1000);
    if (s < 60) { return s + ' s'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + ' min ' + (s % 60) + ' s'; }
    var h = Math.floor(m / 60);
    if (h < 24) { return h + ' h ' + (m % 60) + ' min'; }
    return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
  }

  function clock(ms) {
    var d = new Date(ms);
    var pad = function (n, w) { return String(n).padStart(w || 2, '0'); };
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' +
      pad(d.getMilliseconds(), 3);
  }

  function setLink(mode, label) {
    if (linkMode === mode && $('link').textContent === label) {
      return;
    }
    linkMode = mode;
    perf.link = mode;
    var el = $('link');
    el.className = 'link link-' + mode;
    text(el, label);
  }

  // ---------------------------------------------------------------------------------------------
  // State

  // A known member is updated in place: the sorted and filtered lists hold the same object, and
  // its version tells the rows showing it to fill themselves again.
  function upsert(m) {
    m.metaList = Object.keys(m.metadata || {}).sort().map(function (k) {
      return [k, String(m.metadata[k])];
    });
    var known = members.get(m.name);
    if (known) {
      var version = known.version + 1;
      Object.keys(known).forEach(function (k) { delete known[k]; });
      Object.assign(known, m);
      known.version = version;
    } else {
      m.version = 0;
      members.set(m.name, m);
      sortedDirty = true;
    }
    filterDirty = true;
  }

  function remove(name) {
    if (members.delete(name)) {
      sortedDirty = true;
      filterDirty = true;
    }
  }

  function replaceAll(list) {
    members = new Map();
    for (var i = 0; i < list.length; i++) {
      upsert(list[i]);
    }
    sortedDirty = true;
  }

  function addEvent(e) {
    timeline.push(e);
    if (timeline.length > TIMELINE_MAX) {
      timeline.splice(0, timeline.length - TIMELINE_MAX);
    }
    timelineDirty = true;
  }

  function matches(m) {
    if (filter.state && m.state !== filter.state) { return false; }
    if (filter.name && m.name.toLowerCase().indexOf(filter.name) < 0) { return false; }
    if (filter.metaKey || filter.metaValue) {
      var list = m.metaList;
      for (var i = 0; i < list.length; i++) {
        var keyOk = !filter.metaKey || list[i][0] === filter.metaKey;
        var valueOk = !filter.metaValue || list[i][1].toLowerCase().indexOf(filter.metaValue) >= 0;
        if (keyOk && valueOk) { return true; }
      }
      return false;
    }
    return true;
  }

  function refilter() {
    if (sortedDirty) {
      sorted = Array.from(members.values());
      sorted.sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
      sortedDirty = false;
    }
    var out = [];
    for (var i = 0; i < sorted.length; i++) {
      if (matches(sorted[i])) { out.push(sorted[i]); }
    }
    filtered = out;
    filterDirty = false;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  function schedule() {
    if (!renderQueued) {
      renderQueued = true;
      requestAnimationFrame(function () {
        renderQueued = false;
        render();
      });
    }
  }

  function render() {
    if (filterDirty || sortedDirty) {
      refilter();
      renderCounts();
    }
    renderRows(false);
    if (timelineDirty) {
      renderTimeline();
    }
    renderNode();
    renderCounters();
  }

  function renderCounts() {
    var by = { ALIVE: 0, SUSPECT: 0, DEAD: 0, LEFT: 0 };
    members.forEach(function (m) { by[m.state] = (by[m.state] || 0) + 1; });
    text($('counts'), STATES.map(function (s) { return by[s] + ' ' + s.toLowerCase(); }).join(' \u00b7 '));
    text($('shown'), 'showing ' + num(filtered.length) + ' of ' + num(members.size));
    perf.members = String(members.size);
    perf.shown = String(filtered.length);
  }

  function makeRow() {
    var row = document.createElement('div');
    row.className = 'row';
    row.setAttribute('role', 'row');
    var names = ['c-name', 'c-address', 'c-state', 'c-inc', 'c-rtt', 'c-status', 'c-meta'];
    for (var i = 0; i < names.length; i++) {
      var cell = document.createElement('span');
      cell.className = names[i];
      cell.setAttribute('role', 'cell');
      row.appendChild(cell);
    }
    var badge = document.createElement('span');
    row.children[2].appendChild(badge);
    spacer.appendChild(row);
    return row;
  }

  function statusOf(m, now) {
    if (m.local) { return 'this node'; }
    var since = m.since > 0 ? duration(now - m.since) : '';
    return m.state.toLowerCase() + (since ? ' for ' + since : '');
  }

  function fillRow(row, m, force, now) {
    if (!force && row.member === m && row.version === m.version) {
      return;
    }
    row.member = m;
    row.version = m.version;
    row.dataset.name = m.name;
    row.classList.toggle('local', !!m.local);
    var c = row.children;
    text(c[0], m.name);
    c[0].title = m.name;
    text(c[1], m.address);
    var badge = c[2].firstChild;
    badge.className = 'state state-' + (STATES.indexOf(m.state) >= 0 ? m.state : 'LEFT');
    text(badge, m.state);
    text(c[3], num(m.incarnation));
    text(c[4], typeof m.rttMs === 'number' ? m.rttMs.toFixed(1) + ' ms' : '\u2014');
    c[4].title = typeof m.rttMs === 'number' ? '' : 'not measured per member';
    text(c[5], statusOf(m, now));
    var meta = c[6];
    while (meta.firstChild) { meta.removeChild(meta.firstChild); }
    var tip = [];
    for (var i = 0; i < m.metaList.length; i++) {
      var kv = document.createElement('span');
      kv.className = 'kv';
      kv.dataset.key = m.metaList[i][0];
      var k = document.createElement('span');
      k.className = 'k';
      k.textContent = m.metaList[i][0];
      var v = document.createElement('span');
      v.className = 'v';
      v.textContent = m.metaList[i][1];
      kv.appendChild(k);
      kv.appendChild(v);
      meta.appendChild(kv);
      tip.push(m.metaList[i][0] + '=' + m.metaList[i][1]);
    }
    meta.title = tip.join('\n');
  }

  function renderRows(force) {
    var total = filtered.length;
    var height = total * ROW;
    if (spacer.style.height !== height + 'px') {
      spacer.style.height = height + 'px';
    }
    var top = viewport.scrollTop;
    var first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    var last = Math.min(total, Math.ceil((top + viewport.clientHeight) / ROW) + OVERSCAN);
    var count = Math.max(0, last - first);
    while (pool.length < count) { pool.push(makeRow()); }
    var now = Date.now();
    for (var i = 0; i < pool.length; i++) {
      var row = pool[i];
      if (i < count) {
        var index = first + i;
        fillRow(row, filtered[index], force, now);
        var y = 'translateY(' + index * ROW + 'px)';
        if (row.style.transform !== y) { row.style.transform = y; }
        if (row.hidden) { row.hidden = false; }
      } else if (!row.hidden) {
        row.hidden = true;
        row.member = null;
        delete row.dataset.name;
      }
    }
  }

  function renderTimeline() {
    timelineDirty = false;
    var list = $('timeline');
    while (list.firstChild) { list.removeChild(list.firstChild); }
    for (var i = timeline.length - 1; i >= 0; i--) {
      var e = timeline[i];
      var li = document.createElement('li');
      li.className = 'ev ev-' + e.what;
      var t = document.createElement('time');
      t.textContent = clock(e.at);
      var what = document.createElement('span');
      what.className = 'what';
      what.textContent = e.what;
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = e.who;
      li.appendChild(t);
      li.appendChild(what);
      li.appendChild(who);
      list.appendChild(li);
    }
    if (timeline.length === 0) {
      var none = document.createElement('li');
      none.className = 'empty';
      none.textContent = 'no events yet';
      list.appendChild(none);
    }
  }

  function renderNode() {
    if (!node) { return; }
    text($('title-node'), node.name);
    document.title = 'SWIM \u00b7 ' + node.name;
    text($('n-name'), node.name);
    text($('n-address'), node.address);
    text($('n-state'), node.state ? node.state + ' (' + node.lifecycle + ')' : node.lifecycle);
    text($('n-incarnation'), num(node.incarnation));
    var score = node.healthScore;
    text($('n-health'), typeof score === 'number'
      ? score + ' of ' + node.maxHealthScore + (score === 0 ? ' (healthy)' : ' (degraded)') : null);
    text($('n-uptime'), node.startedAt ? duration(Date.now() - node.startedAt) : null);
    var enc = 'off';
    if (node.encryption) {
      enc = 'on \u00b7 ' + node.keyCount + (node.keyCount === 1 ? ' key' : ' keys');
      if (node.keyFingerprints && node.keyFingerprints.length) {
        enc += ' (' + node.keyFingerprints.map(function (f) { return String(f).slice(0, 8); }).join(', ') + ')';
      }
    }
    text($('n-encryption'), enc);
    text($('n-label'), node.clusterLabel ? node.clusterLabel : 'none');
  }

  function renderCounters() {
    if (!counters) { return; }
    var p = counters.probes || {};
    var total = (p.direct || 0) + (p.indirect || 0) + (p.tcp || 0) + (p.failed || 0);
    text($('c-probes'), num(total) + ' (' + num(p.direct || 0) + ' direct, ' + num(p.indirect || 0) +
      ' indirect, ' + num(p.tcp || 0) + ' tcp)');
    text($('c-failed'), num(p.failed || 0));
    text($('c-suspicions'), num(counters.suspicions));
    text($('c-refutations'), num(counters.refutations));
    text($('c-rejected'), num(counters.rejected));
    text($('c-dropped'), num(counters.dropped));
    text($('c-conflicts'), num(counters.conflicts));
    text($('c-rtt'), typeof counters.rttMeanMs === 'number'
      ? counters.rttMeanMs.toFixed(2) + ' ms mean, ' + counters.rttMaxMs.toFixed(2) + ' ms max' : null);
  }

  // ---------------------------------------------------------------------------------------------
  // The stream

  function afterPaint(fn) {
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }

  function onSnapshot(e) {
    var t0 = performance.now();
    var doc = JSON.parse(e.data);
    lastMessage = Date.now();
    stopPolling();
    setLink('live', 'live');
    node = doc.node;
    counters = doc.counters;
    replaceAll(doc.members || []);
    timeline = [];
    (doc.events || []).forEach(onEventDoc);
    timelineDirty = true;
    text($('timeline-note'), doc.feed && doc.feed.eventsEvicted
      ? '(latest ' + doc.feed.eventCapacity + '; ' + num(doc.feed.eventsEvicted) + ' older dropped)' : '');
    render();
    afterPaint(function () {
      perf.snapshotMs = (performance.now() - t0).toFixed(1);
      perf.snapshotAtMs = performance.now().toFixed(1); // since the navigation started
      perf.snapshotChars = String(e.data.length);
      perf.snapshotMembers = String(members.size);
      perf.snapshots = String((+perf.snapshots || 0) + 1);
    });
  }

  function onEventDoc(doc) {
    if (doc.type === 'member') {
      var m = doc.member;
      var detail = (doc.previous ? doc.previous + ' \u2192 ' : '') + m.state;
      addEvent({ at: doc.at, what: doc.event, who: m.name + '  ' + detail + '  (incarnation ' + m.incarnation + ')' });
      return m;
    }
    if (doc.type === 'user') {
      addEvent({ at: doc.at, what: 'USER', who: doc.name + ' from ' + doc.origin + ' (' + num(doc.size) + ' B)' });
    }
    return null;
  }

  function onMember(e) {
    lastMessage = Date.now();
    var doc = JSON.parse(e.data);
    var m = onEventDoc(doc);
    if (doc.event === 'REMOVED') {
      remove(m.name);
    } else {
      upsert(m);
    }
    var lag = Date.now() - doc.at;
    maxLag = Math.max(maxLag, lag);
    perf.lastLagMs = String(lag);
    perf.maxLagMs = String(maxLag);
    schedule();
  }

  function onUser(e) {
    lastMessage = Date.now();
    onEventDoc(JSON.parse(e.data));
    schedule();
  }

  function onHeartbeat(e) {
    lastMessage = Date.now();
    var doc = JSON.parse(e.data);
    node = doc.node;
    counters = doc.counters;
    perf.heartbeats = String((+perf.heartbeats || 0) + 1);
    schedule();
  }

  function connect() {
    clearTimeout(reconnectTimer);
    if (source) {
      source.close();
    }
    source = new EventSource(config.events);
    source.addEventListener('snapshot', onSnapshot);
    source.addEventListener('member', onMember);
    source.addEventListener('user', onUser);
    source.addEventListener('heartbeat', onHeartbeat);
    source.onerror = function () {
      streamDown();
      if (source && source.readyState === EventSource.CLOSED) {
        // refused (503, 401) or not a stream: the browser gives up, so try again later
        source = null;
        reconnectTimer = setTimeout(connect, 5000);
      }
    };
  }

  function streamDown() {
    if (config.actuator) {
      setLink('polling', 'stream cut \u00b7 polling ' + config.actuator);
      startPolling();
    } else {
      setLink('down', 'stream cut \u00b7 reconnecting');
    }
  }

  // A stream that went silent (no heartbeat for three intervals) is cut, whatever the socket says.
  function watchdog() {
    if (source && lastMessage && Date.now() - lastMessage > 3 * config.heartbeatMs) {
      lastMessage = 0;
      source.close();
      source = null;
      streamDown();
      reconnectTimer = setTimeout(connect, 1000);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Polling /actuator/swim while the stream is down: one request at a time, the next one
  // config.pollMs after the last one settled, so a slow actuator never has requests piling up.
  // Each start of polling is a new run; a request of an earlier run that settles late is ignored.

  function startPolling() {
    if (!pollRun && config.actuator) {
      pollRun = ++pollRuns;
      poll(pollRun);
    }
  }

  function stopPolling() {
    pollRun = 0;
    if (pollTimer) {
      clearTimeout(pollTimer);
      pollTimer = 0;
    }
  }

  function poll(run) {
    pollTimer = 0;
    fetch(config.actuator, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (doc) {
        if (run !== pollRun) { return; }
        perf.polls = String((+perf.polls || 0) + 1);
        applyActuator(doc);
      })
      .catch(function () {
        if (run === pollRun) { setLink('down', 'stream cut \u00b7 actuator unreachable'); }
      })
      .then(function () {
        if (run === pollRun) {
          pollTimer = setTimeout(function () { poll(run); }, config.pollMs);
        }
      });
  }

  function fromActuator(d, localName) {
    return {
      name: d.name,
      address: d.address,
      state: d.state,
      incarnation: d.incarnation,
      since: Date.parse(d.since) || 0,
      local: d.name === localName,
      rttMs: null,
      metadata: d.metadata || {}
    };
  }

  function applyActuator(doc) {
    var localName = doc.local ? doc.local.name : (node ? node.name : null);
    var seen = new Set();
    var now = Date.now();
    (doc.members || []).forEach(function (d) {
      var m = fromActuator(d, localName);
      seen.add(m.name);
      var known = members.get(m.name);
      if (!known || known.state !== m.state || known.incarnation !== m.incarnation) {
        addEvent({ at: now, what: known ? m.state : 'JOINED', who: m.name + '  ' +
          (known ? known.state + ' \u2192 ' : '') + m.state + '  (seen by polling)' });
      }
      if (!known || known.state !== m.state || known.incarnation !== m.incarnation ||
          known.address !== m.address || JSON.stringify(known.metadata) !== JSON.stringify(m.metadata)) {
        upsert(m);
      }
    });
    Array.from(members.keys()).forEach(function (name) {
      if (!seen.has(name)) {
        addEvent({ at: now, what: 'REMOVED', who: name + '  (seen by polling)' });
        remove(name);
      }
    });
    var settings = doc.settings || {};
    var health = doc.health || {};
    node = Object.assign({}, node || {}, {
      name: localName,
      address: doc.local ? doc.local.address : null,
      lifecycle: health.lifecycle,
      state: doc.local ? doc.local.state : null,
      incarnation: doc.local ? doc.local.incarnation : 0,
      healthScore: health.score,
      maxHealthScore: health.maxScore,
      encryption: !!settings.encryption,
      keyCount: settings.keyCount || 0,
      clusterLabel: settings.clusterLabel || ''
    });
    var rejected = 0;
    Object.keys(doc.rejected || {}).forEach(function (k) { rejected += doc.rejected[k]; });
    counters = Object.assign({}, counters || {}, { conflicts: doc.conflicts, rejected: rejected });
    schedule();
  }

  // ---------------------------------------------------------------------------------------------
  // Filters

  function readFilters() {
    var t0 = performance.now();
    filter.name = $('f-name').value.trim().toLowerCase();
    filter.state = $('f-state').value;
    var meta = $('f-meta').value.trim();
    var eq = meta.indexOf('=');
    filter.metaKey = eq < 0 ? meta : meta.slice(0, eq).trim();
    filter.metaValue = eq < 0 ? '' : meta.slice(eq + 1).trim().toLowerCase();
    filterDirty = true;
    viewport.scrollTop = 0;
    render();
    afterPaint(function () {
      perf.filterMs = (performance.now() - t0).toFixed(1);
      perf.filterMatches = String(filtered.length);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  function loadConfig() {
    fetch('config', { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (c) {
        config = c;
        connect();
        setInterval(watchdog, 1000);
      })
      .catch(function () {
        setLink('down', 'cannot load the dashboard configuration; retrying');
        setTimeout(loadConfig, 5000);
      });
  }

  ['f-name', 'f-meta'].forEach(function (id) { $(id).addEventListener('input', readFilters); });
  $('f-state').addEventListener('change', readFilters);
  viewport.addEventListener('scroll', function () { renderRows(false); }, { passive: true });
  window.addEventListener('resize', function () { renderRows(false); });
  setInterval(function () { renderRows(true); renderNode(); }, 1000); // status ages, uptime
  renderTimeline();
  loadConfig();
})();
