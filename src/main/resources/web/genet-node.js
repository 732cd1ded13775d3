// A Genet node in the browser: the same wire protocol as the Java node and the original
// webrtc-tree-overlay (PROTOCOL.md), over the browser's own RTCPeerConnection. No dependencies.
'use strict';

(function () {
  // What a neighbour (a child, a parent, joiners through the parent) can make this page hold, and
  // how fast: the same numbers as the Java node's defaults (NodeBounds.DEFAULT in
  // org.genet.overlay, with Node.MAX_FRAME_CHARS and NetText.MAX_SHOWN). A child or parent that
  // passes a bound meant for it is closed and named once in the log; the tree and the good
  // neighbours go on. A joiner past its signals is cut off, its further signals dropped.
  var BOUNDS = {
    subtreeNodes: 20000, // nodes held for one child's subtree, counting the unknown ones its reports name
    childrenPerNode: 1024, // children one reported node may list
    signalsPerJoiner: 100, // signals of one joiner applied, passed down or stored
    storedRequests: 16384, // join requests stored in all: past it, new ones are dropped
    storedBytes: 16 << 20, // bytes of stored join requests in all
    extensionBytesPerSecond: 256 * 1024, // report bytes a child may send a second on average
    extensionBytesBurst: 4 << 20, // ... and at once
    parentRequestsPerSecond: 1000, // join requests a parent may pass a second on average
    parentRequestBurst: 5000, // ... and at once
    logLinesPerSecond: 20, // log lines of one kind a second: the rest counted, the count shown with the next
    maxDepth: 100000, // the deepest depth believed from a hello
    frameChars: 256 * 1024, // a frame over it closes its sender (Node.MAX_FRAME_CHARS)
    shownChars: 300, // the longest text from the network shown (NetText.MAX_SHOWN)
    logLinesKept: 500 // lines the page's log keeps
  };
  var REQUEST_TIMEOUT_MS = 30000;
  // Extension messages (docs/EXTENSIONS.md): DATA payloads {"genet": kind, ...}, only between
  // nodes known to speak Genet. A Genet joiner labels its channel "genet/1:" + 40 hex characters.
  var LABEL_PREFIX = 'genet/1:';
  var REPORT_DELAY_MS = 250;
  var PING_INTERVAL_MS = 10000;
  var NODES_PER_PAYLOAD = 400;
  var MAX_NODES_PER_REPORT = 1000;
  var MAX_SUBTREE_NODES = 20000;
  var MAX_ID_LENGTH = 24;
  var MAX_NAME_LENGTH = 64;
  // Self-repair: a neighbour that speaks Genet and stays silent this long is dropped; an orphan
  // rejoins with its subtree after a backoff that doubles from REJOIN_FIRST_MS to REJOIN_MAX_MS.
  var KEEPALIVE_BOUND_MS = 4000;
  // A neighbour is sent keepalives at the rate the bound in its hello needs (docs/EXTENSIONS.md):
  // none announced (an older build), the old default; a bound under the least is taken as it.
  var UNANNOUNCED_BOUND_MS = 4000;
  var MIN_ANNOUNCED_BOUND_MS = 100;
  var REJOIN_FIRST_MS = 250;
  var REJOIN_MAX_MS = 8000;
  // The tree extension: the tree's size and the path from the root, carried down from the root.
  var MAX_TREE_PATH = 32;
  var MAX_TREE_SIZE = 100000000;

  // ---- text from the network, made safe to show (as NetText.clean) ----------------------------
  // Control characters (C0, DEL, C1), line and paragraph separators, bidirectional controls,
  // zero-width characters and byte-order marks, unpaired surrogates and noncharacters are escaped
  // as \xNN, \uNNNN or \u{N}; the result is cut to max characters (the last an ellipsis).
  function safeCodePoint(cp) {
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
    if (cp === 0x061c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return false;
    if ((cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff || cp === 0x2028 || cp === 0x2029) return false;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return false;
    return !(cp >= 0xd800 && cp <= 0xdfff);
  }
  function hex(n, width) { var h = n.toString(16); while (h.length < width) h = '0' + h; return h; }
  function clean(text, max) {
    if (text === null || text === undefined) return text;
    text = String(text);
    max = max || BOUNDS.shownChars;
    var out = '';
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      var size = cp > 0xffff ? 2 : 1;
      var piece = safeCodePoint(cp) ? text.slice(i, i + size)
        : cp < 0x100 ? '\\x' + hex(cp, 2) : cp > 0xffff ? '\\u{' + cp.toString(16) + '}' : '\\u' + hex(cp, 4);
      if ((out.length + piece.length > max - 1 && i + size < text.length) || out.length + piece.length > max) return out + '\u2026';
      out += piece;
      i += size;
    }
    return out;
  }
  // A token bucket: perSecond on average, burst at once; take(n) is false past it.
  function Rate(perSecond, burst) {
    var tokens = burst;
    var last = Date.now();
    this.take = function (n) {
      var t = Date.now();
      tokens = Math.min(burst, tokens + Math.max(0, t - last) * perSecond / 1000);
      last = t;
      if (tokens < n) return false;
      tokens -= n;
      return true;
    };
  }

  // ---- hash31 and delegation, as PROTOCOL.md section 5 --------------------------------------
  function describePair(p) {
    return p.link + ' (' + p.local + ' to ' + p.remote + ')' + (typeof p.rtt === 'number' ? ', ' + p.rtt + ' ms' : '');
  }
  function hash31(v) {
    v = ((v + 0x7ed55d16) + (v << 12)) & 0x7fffffff;
    v = ((v ^ 0xc761c23c) ^ (v >>> 19)) & 0x7fffffff;
    v = ((v + 0x165667b1) + (v << 5)) & 0x7fffffff;
    v = ((v + 0xd3a2646c) ^ (v << 9)) & 0x7fffffff;
    v = ((v + 0xfd7046c5) + (v << 3)) & 0x7fffffff;
    v = ((v ^ 0xb55a4f09) ^ (v >>> 16)) & 0x7fffffff;
    return v;
  }
  function delegateSlot(origin, nodeId, maxDegree) {
    return hash31(parseInt(origin.slice(0, 6), 16) ^ parseInt(nodeId, 10)) % maxDegree;
  }
  function randomHex(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function extensionKind(data) {
    return data && typeof data === 'object' && !Array.isArray(data) && typeof data.genet === 'string' ? data.genet : null;
  }
  function payload(kind) { return { genet: kind, v: 1 }; }
  function short6(s) { return s && s.length > 6 ? s.slice(0, 6) : s; }
  function signalKind(s) {
    if (!s || typeof s !== 'object') return 'other';
    if (s.sdp) return s.type === 'offer' ? 'offer' : s.type === 'answer' ? 'answer' : 'other';
    if (s.candidate && typeof s.candidate === 'object') return s.candidate.candidate ? 'candidate' : 'end';
    return 'other';
  }

  // ---- getting across NATs (README, "Across the internet") ------------------------------------
  // The ICE servers a Genet bootstrap server hands out at /ice-servers (its own STUN on its port
  // number, TURN with credentials minted per request), kept and fetched again before they expire;
  // an original server has none (404). The user's own (opts.iceServers) come first.
  function IceServers(server, given, relayOnly) {
    var self = this;
    var host = server.replace(/^wss?:\/\//, '').replace(/\/.*$/, '');
    var hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    var fromServer = [];
    function fetchNow() {
      return fetch(server.replace(/^ws/, 'http') + '/ice-servers', { cache: 'no-store' }).then(function (r) {
        if (r.status !== 200) return null;
        return r.json();
      }).then(function (answer) {
        if (!answer) return;
        var list = [];
        // a server on this machine's loopback: its STUN could only tell this node its own addresses
        var loopback = /^(localhost|127\.[0-9.]+|::1)$/i.test(hostname);
        if (Number.isInteger(answer.stunPort) && answer.stunPort > 0 && answer.stunPort < 65536 && !loopback) {
          list.push({ urls: 'stun:' + (hostname.indexOf(':') >= 0 ? '[' + hostname + ']' : hostname) + ':' + answer.stunPort });
        }
        (Array.isArray(answer.iceServers) ? answer.iceServers : []).slice(0, 16).forEach(function (s) {
          if (s && (typeof s.urls === 'string' || Array.isArray(s.urls))) list.push(s);
        });
        fromServer = list;
        if (answer.ttl > 0) setTimeout(fetchNow, Math.max(30000, Math.min(86400000, answer.ttl * 750)));
      }).catch(function () { /* no answer: none from the server, the user's still */ });
    }
    this.ready = Promise.race([fetchNow(), new Promise(function (resolve) { setTimeout(resolve, 3000); })]);
    /** The RTCConfiguration a new connection gets. */
    this.config = function () {
      var c = { iceServers: (given || []).concat(fromServer) };
      if (relayOnly) c.iceTransportPolicy = 'relay';
      return c;
    };
  }
  // How a connection got through, from its stats: 'direct', 'nat' (a NAT's mapped address) or 'relay' (TURN).
  function linkOf(local, remote) {
    if (local === 'relay' || remote === 'relay') return 'relay';
    if (local === 'srflx' || remote === 'srflx' || local === 'prflx' || remote === 'prflx') return 'nat';
    return 'direct';
  }
  function selectedPair(pc) {
    return pc.getStats().then(function (stats) {
      var pair = null;
      stats.forEach(function (s) { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
      if (!pair) stats.forEach(function (s) { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
      if (!pair) return null;
      var local = stats.get(pair.localCandidateId) || {};
      var remote = stats.get(pair.remoteCandidateId) || {};
      return { local: local.candidateType, remote: remote.candidateType, link: linkOf(local.candidateType, remote.candidateType),
        rtt: typeof pair.currentRoundTripTime === 'number' ? Math.round(pair.currentRoundTripTime * 10000) / 10 : null };
    });
  }

  // ---- one connection: a /join socket and a peer, signaling like simple-peer ---------------
  function Link(server, origin, initiator, handlers, rtcConfig) {
    var self = this;
    var destination = origin || null;
    var rank = 0;
    var queue = [];
    var socketOpen = false;
    var closed = false;
    var descriptionSent = false;
    var heldLocal = [];
    var remoteSet = false;
    var bufferedRemote = [];
    var pc = new RTCPeerConnection(rtcConfig || { iceServers: [] });
    var channel = null;
    var ws = new WebSocket(server + '/join');

    function sendSignal(signal) {
      var text = JSON.stringify({ origin: null, destination: destination, signal: signal, rank: rank++ });
      if (socketOpen && queue.length === 0) ws.send(text); else queue.push(text);
    }
    function sendCandidate(c) {
      sendSignal({ type: 'candidate', candidate: { candidate: c.candidate, sdpMLineIndex: c.sdpMLineIndex, sdpMid: c.sdpMid } });
    }
    function fail(reason) {
      if (closed) return;
      self.close();
      handlers.error(reason);
    }
    // A frame to the node; nothing it throws leaves the channel's handler.
    function deliver(text, overBound) {
      try {
        if (overBound) handlers.overBound(overBound); else handlers.message(text);
      } catch (err) {
        try { handlers.unreadable(clean(String(err))); } catch (e2) { console.error(e2); }
      }
    }
    function useChannel(ch) {
      if (channel) { ch.close(); return; }
      channel = ch;
      self.label = ch.label;
      var opened = false;
      ch.onopen = function () {
        if (closed || opened) return; // the answerer may see the channel open already, then the event
        opened = true;
        try { ws.close(); } catch (e) { /* already closed */ }
        handlers.open();
        [100, 2000].forEach(function (ms) { // once open, and again when candidates still trickling have come
          setTimeout(function () {
            if (closed || !handlers.pair) return;
            selectedPair(pc).then(function (p) { if (p && !closed) handlers.pair(p); }).catch(function () {});
          }, ms);
        });
      };
      ch.onmessage = function (e) {
        if (closed) return;
        var size = typeof e.data === 'string' ? e.data.length : e.data.byteLength || e.data.size || 0;
        if (size > BOUNDS.frameChars) { deliver(null, 'a frame over ' + BOUNDS.frameChars + ' characters'); return; }
        if (typeof e.data === 'string') deliver(e.data);
        else new Response(e.data).text().then(function (t) { if (!closed) deliver(t); });
      };
      ch.onclose = function () { if (!closed) { closed = true; pc.close(); handlers.close(); } };
      if (ch.readyState === 'open') ch.onopen();
    }

    ws.onopen = function () {
      socketOpen = true;
      while (queue.length) ws.send(queue.shift());
    };
    ws.onmessage = function (e) {
      var message;
      try { message = JSON.parse(e.data); } catch (err) { return; }
      if (!message || typeof message !== 'object') return;
      if (!destination && typeof message.origin === 'string') destination = message.origin;
      try { self.signal(message.signal); } catch (err) { fail('signaling failed: ' + err); }
    };
    ws.onerror = function () { if (!channel || channel.readyState !== 'open') fail('cannot reach the bootstrap server'); };
    ws.onclose = function () { if (!channel || channel.readyState !== 'open') fail('the bootstrap server closed the signaling socket'); };

    pc.onicecandidate = function (e) {
      if (closed || !e.candidate || !e.candidate.candidate) return;
      if (descriptionSent) sendCandidate(e.candidate); else heldLocal.push(e.candidate);
    };
    pc.ondatachannel = function (e) { useChannel(e.channel); };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState !== 'failed') return;
      if (channel && channel.readyState === 'open') { fail('the connection failed'); return; }
      var cfg = rtcConfig || { iceServers: [] };
      var turn = (cfg.iceServers || []).some(function (s) { return [].concat(s.urls).some(function (u) { return /^turns?:/.test(u); }); });
      var other = initiator ? 'the parent' : 'the joiner';
      fail(turn ? 'no network path to ' + other + ', not even through the TURN server; see README, Across the internet'
        : 'no network path to ' + other + ': both behind NATs that need TURN; see README, Across the internet');
    };

    function describe(description) {
      return pc.setLocalDescription(description).then(function () {
        sendSignal({ type: description.type, sdp: description.sdp });
        descriptionSent = true;
        heldLocal.forEach(sendCandidate);
        heldLocal = [];
      });
    }

    this.signal = function (signal) {
      if (closed) return;
      var kind = signalKind(signal);
      if (kind === 'offer' || kind === 'answer') {
        if (remoteSet || (kind === 'offer') === initiator) return;
        remoteSet = true;
        pc.setRemoteDescription({ type: kind, sdp: signal.sdp }).then(function () {
          bufferedRemote.forEach(function (c) { pc.addIceCandidate(c).catch(function () {}); });
          bufferedRemote = [];
          if (!initiator) return pc.createAnswer().then(describe);
        }).catch(function (err) { fail('signaling failed: ' + err); });
      } else if (kind === 'candidate') {
        var c = { candidate: signal.candidate.candidate, sdpMLineIndex: signal.candidate.sdpMLineIndex, sdpMid: signal.candidate.sdpMid };
        if (remoteSet) pc.addIceCandidate(c).catch(function () {}); else bufferedRemote.push(c);
      }
    };
    // On the answering side: the joiner's label says it speaks Genet.
    this.remoteSpeaksGenet = function () { return !initiator && typeof self.label === 'string' && self.label.indexOf('genet/') === 0; };
    this.lastSent = 0; // when a frame last went out on this link: any frame says this node is alive
    this.send = function (text) {
      if (channel && channel.readyState === 'open') { channel.send(text); self.lastSent = Date.now(); }
    };
    this.close = function () {
      if (closed) return;
      closed = true;
      try { ws.close(); } catch (e) { /* already closed */ }
      if (channel) channel.close();
      pc.close();
    };

    if (initiator) {
      useChannel(pc.createDataChannel(LABEL_PREFIX + randomHex(20)));
      pc.createOffer().then(describe).catch(function (err) { fail('could not create an offer: ' + err); });
    }
  }

  // ---- the node ------------------------------------------------------------------------------
  function GenetNode(server, opts) {
    opts = opts || {};
    var self = this;
    this.id = String(hash31((Math.random() * 4294967296) | 0)).slice(0, 6);
    this.maxDegree = opts.maxDegree || 10;
    this.name = opts.name ? String(opts.name).trim().slice(0, MAX_NAME_LENGTH) : null;
    this.impl = opts.impl || 'browser';
    this.reportDelayMs = opts.reportDelayMs !== undefined ? opts.reportDelayMs : REPORT_DELAY_MS;
    this.repair = opts.repair !== false;
    this.keepaliveMs = opts.keepaliveMs > 0 ? Math.max(100, opts.keepaliveMs) : KEEPALIVE_BOUND_MS;
    this.ice = new IceServers(server, opts.iceServers, opts.relayOnly);
    this.rejoining = false;
    this.parent = null;
    this.children = {};
    this.reportBytesSent = 0;
    this.reportBytesReceived = 0;
    var candidates = Object.create(null); // these three by origin, without a prototype: an origin "__proto__" is a key like any
    var settled = Object.create(null);
    var routes = Object.create(null);
    var stored = [];
    var listeners = [];
    var reportTimer = null;
    var topology = null;
    var sentToParent = null; // what the parent holds of our subtree: id -> encoded node, null before a full report
    var reportSeq = 0;
    var parentRtt = null;
    var smoothedRtt = null;
    var pingSeq = 0;
    var pingSentAt = 0;
    var pingTimer = null;
    var rejoin = null; // {since, attempts, timer} while this node has lost its parent and tries again
    var joining = false;
    var keepaliveTimer = null;
    var treeKnown = null; // {size, path: [{id, name}], skipped}: what the root said, through the parent
    var storedBytes = 0; // of the stored requests' frames
    var storedSlots = Object.create(null); // origin -> the slot its stored requests wait for
    var joiners = Object.create(null); // origin -> {signals, until}: signals of each joiner from the parent, while it may still send
    var joinerCount = 0;
    var nextSweep = 0;

    function emit() {
      var args = arguments;
      listeners.forEach(function (l) { try { l.apply(null, args); } catch (e) { console.error(e); } });
      if (args[0] !== 'data' && args[0] !== 'topology' && args[0] !== 'join-request' && args[0] !== 'tree') markDirty();
    }
    /** How every place names this node: its name, else its id. */
    this.label = function () { return self.name || self.id; };
    /** This node's depth (0: the root's child is 1), -1 while unknown or cut off from the root. */
    this.depth = function () { return depth(); };
    /** What the root said of the tree ({size, path, skipped}: path from the root to the parent), or null. */
    this.treeInfo = function () { return treeKnown; };
    /** The tree this node knows: itself and its children's reported subtrees. {topId, nodes: {id: node}} */
    this.topology = function () { return topology; };
    /** What neighbours make this node hold now, for its page and tests: counts of each kind. */
    this.held = function () {
      var reported = 0;
      Object.keys(self.children).forEach(function (k) { var r = self.children[k].reported; if (r) reported += r.size; });
      return { children: childCount(), candidates: candidateCount(), stored: stored.length, storedBytes: storedBytes,
        routes: Object.keys(routes).length, joiners: joinerCount, reportedNodes: reported,
        topologyNodes: topology ? Object.keys(topology.nodes).length : 0 };
    };
    function depth() {
      if (self.parent && self.parent.genet && self.parent.depth >= 0) return self.parent.depth + 1;
      return -1;
    }
    function hello() {
      var h = payload('hello');
      h.id = self.id;
      if (self.name) h.name = self.name;
      h.impl = self.impl;
      h.maxDegree = self.maxDegree;
      h.depth = depth();
      h.keepalive = self.keepaliveMs; // the page sends at its own rate, and is sent at this one
      return h;
    }
    // A neighbour's hello, its text cleaned; the reason to close it when its id is another's.
    function readHello(who, h) {
      if (typeof h.id === 'string' && h.id.length > 0 && h.id.length <= MAX_ID_LENGTH) {
        var id = clean(h.id, MAX_ID_LENGTH);
        var owner = idOwner(id, who);
        if (owner) return 'its hello claims the id ' + id + ' of ' + owner;
        who.nodeId = id;
      }
      who.name = typeof h.name === 'string' && h.name.trim() ? clean(h.name.trim().slice(0, MAX_NAME_LENGTH)) : null;
      who.impl = typeof h.impl === 'string' ? clean(h.impl.slice(0, 16)) : null;
      who.maxDegree = Number.isInteger(h.maxDegree) ? h.maxDegree : -1;
      who.depth = Number.isInteger(h.depth) ? Math.max(-1, Math.min(BOUNDS.maxDepth, h.depth)) : -1;
      var bound = Number.isInteger(h.keepalive) ? Math.max(MIN_ANNOUNCED_BOUND_MS, h.keepalive) : UNANNOUNCED_BOUND_MS;
      if (bound !== who.keepaliveBound) { who.keepaliveBound = bound; rearmKeepalive(); }
      return null;
    }
    // Who else holds the id a neighbour claims: never two neighbours, nor one and this node, with one id.
    function idOwner(id, who) {
      if (id === self.id) return 'this node';
      if (self.parent && self.parent !== who && self.parent.nodeId === id) return 'the parent';
      var slot = Object.keys(self.children).filter(function (k) { return self.children[k] !== who && self.children[k].nodeId === id; })[0];
      return slot !== undefined ? 'child ' + slot : null;
    }
    function childLabel(child) { return child.name || child.nodeId || short6(child.id); }

    // ---- topology reports (docs/EXTENSIONS.md) ----
    function markDirty() {
      if (reportTimer !== null || self.closed) return;
      reportTimer = setTimeout(rebuildAndReport, self.reportDelayMs);
    }
    function storedPerSlot() {
      var counts = {};
      stored.forEach(function (st) { counts[st.slot] = (counts[st.slot] || 0) + 1; });
      return counts;
    }
    function placeholder(child) {
      return { id: child.nodeId || short6(child.id), name: child.name || null,
        impl: !child.genet ? 'original' : child.impl || 'unknown', maxDegree: child.maxDegree >= 0 ? child.maxDegree : -1,
        depth: -1, children: {}, candidates: [], stored: {}, reports: false, link: child.pair ? child.pair.link : null };
    }
    function buildTopology() {
      var own = depth() >= 0 ? depth() : 0;
      var used = {};
      var nodes = {};
      function unique(id) {
        if (!used[id]) { used[id] = true; return id; }
        for (var k = 2; ; k++) if (!used[id + '~' + k]) { used[id + '~' + k] = true; return id + '~' + k; }
      }
      used[self.id] = true;
      var stack = [];
      var topChildren = {};
      var slots = Object.keys(self.children).map(Number).sort(function (a, b) { return a - b; });
      var items = slots.map(function (slot) {
        var child = self.children[slot];
        var tree = child.genet && child.reported && child.reported.top ? child.reported : null;
        if (!tree) { var p = placeholder(child); tree = { top: p.id, nodes: {} }; tree.nodes[p.id] = p; }
        var seen = {}; seen[tree.top] = true;
        var key = unique(tree.top);
        topChildren[slot] = key;
        return { tree: tree, seen: seen, rid: tree.top, key: key, parent: self.id, slot: slot, depth: own + 1 };
      });
      var rtt = parentRtt;
      nodes[self.id] = { id: self.id, name: self.name, impl: self.impl, maxDegree: self.maxDegree, depth: own,
        parent: null, slot: -1, children: topChildren, candidates: Object.keys(candidates).map(short6),
        stored: storedPerSlot(), rtt: rtt, reports: true, link: self.parent && self.parent.pair ? self.parent.pair.link : null };
      for (var i = items.length - 1; i >= 0; i--) stack.push(items[i]);
      while (stack.length) {
        var it = stack.pop();
        var info = Object.prototype.hasOwnProperty.call(it.tree.nodes, it.rid) ? it.tree.nodes[it.rid]
          : { id: it.rid, name: null, impl: 'unknown', maxDegree: -1, children: {}, candidates: [], stored: {}, reports: false };
        var keys = {};
        var next = [];
        Object.keys(info.children || {}).map(Number).sort(function (a, b) { return a - b; }).forEach(function (slot) {
          var cid = info.children[slot];
          if (it.seen[cid]) return;
          it.seen[cid] = true;
          var key = unique(cid);
          keys[slot] = key;
          next.push({ tree: it.tree, seen: it.seen, rid: cid, key: key, parent: it.key, slot: slot, depth: it.depth + 1 });
        });
        nodes[it.key] = { id: it.key, name: info.name || null, impl: info.impl, maxDegree: info.maxDegree, depth: it.depth,
          parent: it.parent, slot: it.slot, children: keys, candidates: info.candidates || [], stored: info.stored || {},
          rtt: typeof info.rtt === 'number' ? info.rtt : null, reports: info.reports !== false, link: info.link || null };
        for (var j = next.length - 1; j >= 0; j--) stack.push(next[j]);
      }
      return { topId: self.id, nodes: nodes };
    }
    function encode(n) {
      var e = { id: n.id };
      if (n.name) e.name = n.name;
      e.impl = n.impl; e.maxDegree = n.maxDegree; e.depth = n.depth;
      if (Object.keys(n.children).length) e.children = n.children;
      if (n.candidates.length) e.candidates = n.candidates;
      if (Object.keys(n.stored).length) e.stored = n.stored;
      if (typeof n.rtt === 'number') e.rtt = n.rtt;
      if (!n.reports) e.reports = false;
      if (n.link) e.link = n.link;
      return e;
    }
    function rebuildAndReport() {
      reportTimer = null;
      if (self.closed) return;
      var now = buildTopology();
      var encoded = {};
      Object.keys(now.nodes).forEach(function (id) {
        var n = now.nodes[id];
        encoded[id] = JSON.stringify([encode(n), n.parent, n.slot]);
      });
      var before = topology ? topology.encoded : null;
      now.encoded = encoded;
      if (!before || JSON.stringify(before) !== JSON.stringify(encoded)) {
        topology = now;
        emit('topology', Object.keys(now.nodes).length + ' nodes', now);
      }
      if (self.parent && self.parent.genet) {
        var full = sentToParent === null;
        var changed = [];
        var removed = [];
        Object.keys(encoded).forEach(function (id) { if (full || sentToParent[id] !== encoded[id]) changed.push(encode(now.nodes[id])); });
        if (!full) Object.keys(sentToParent).forEach(function (id) { if (!encoded[id]) removed.push(id); });
        if (full || changed.length || removed.length) {
          var from = 0;
          do {
            var p = payload('report');
            p.seq = reportSeq++;
            p.full = full && from === 0;
            p.top = now.topId;
            p.nodes = changed.slice(from, from + NODES_PER_PAYLOAD);
            // a parent takes at most MAX_NODES_PER_REPORT of either in one payload (a subtree gone at once may be larger)
            if (removed.length > from) p.removed = removed.slice(from, from + NODES_PER_PAYLOAD);
            var frame = JSON.stringify({ type: 'DATA', data: p });
            self.reportBytesSent += frame.length;
            self.parent.link.send(frame);
            from += NODES_PER_PAYLOAD;
          } while (from < changed.length || from < removed.length);
        }
        sentToParent = encoded;
      }
    }
    // A child's report, within bounds: a hostile child cannot make this node hold more than
    // BOUNDS.subtreeNodes of its nodes, the unknown ones its nodes list as children counted.
    // Returns the reason to close the child when it passed a bound, else null.
    function applyReport(child, p) {
      if (typeof p.top !== 'string' || !p.top || p.top.length > MAX_ID_LENGTH || (p.nodes !== undefined && !Array.isArray(p.nodes))) {
        emit('message-drop', 'a malformed report from child ' + child.slot);
        return null;
      }
      var crowded = (p.nodes || []).filter(function (n) {
        return n && typeof n === 'object' && n.children && typeof n.children === 'object' && Object.keys(n.children).length > BOUNDS.childrenPerNode;
      }).length;
      if (crowded) return 'its report lists a node with over ' + BOUNDS.childrenPerNode + ' children';
      var tree = child.reported || (child.reported = { top: null, nodes: Object.create(null), size: 0 });
      if (p.full) { tree.nodes = Object.create(null); tree.size = 0; }
      tree.top = p.top;
      (Array.isArray(p.removed) ? p.removed.slice(0, MAX_NODES_PER_REPORT) : []).forEach(function (id) {
        if (typeof id === 'string' && Object.prototype.hasOwnProperty.call(tree.nodes, id)) { delete tree.nodes[id]; tree.size--; }
      });
      var dropped = 0;
      (p.nodes || []).forEach(function (n, i) {
        if (i >= MAX_NODES_PER_REPORT || !n || typeof n !== 'object' || typeof n.id !== 'string' || !n.id || n.id.length > MAX_ID_LENGTH) { dropped++; return; }
        var has = Object.prototype.hasOwnProperty.call(tree.nodes, n.id);
        if (!has && tree.size >= BOUNDS.subtreeNodes) { dropped++; return; }
        var children = {};
        var ok = true;
        if (n.children && typeof n.children === 'object') Object.keys(n.children).forEach(function (k) {
          var slot = Number(k);
          var cid = n.children[k];
          if (!Number.isInteger(slot) || slot < 0 || slot >= BOUNDS.childrenPerNode || typeof cid !== 'string' || !cid || cid.length > MAX_ID_LENGTH) ok = false;
          else children[slot] = cid;
        });
        if (!ok) { dropped++; return; }
        var st = {};
        if (n.stored && typeof n.stored === 'object') Object.keys(n.stored).forEach(function (k) {
          var slot = Number(k);
          if (Number.isInteger(slot) && slot >= 0 && slot < 1024 && Number.isInteger(n.stored[k]) && n.stored[k] > 0) st[slot] = n.stored[k];
        });
        if (!has) tree.size++;
        tree.nodes[n.id] = { id: n.id, name: typeof n.name === 'string' && n.name ? clean(n.name.slice(0, MAX_NAME_LENGTH)) : null,
          impl: typeof n.impl === 'string' ? clean(n.impl.slice(0, 16)) : 'unknown',
          maxDegree: Number.isInteger(n.maxDegree) ? n.maxDegree : -1, depth: Number.isInteger(n.depth) ? n.depth : -1,
          children: children,
          candidates: Array.isArray(n.candidates) ? n.candidates.filter(function (c) { return typeof c === 'string'; }).slice(0, 64).map(function (c) { return clean(c.slice(0, MAX_ID_LENGTH)); }) : [],
          stored: st, rtt: typeof n.rtt === 'number' && n.rtt >= 0 ? n.rtt : null, reports: n.reports !== false,
          link: n.link === 'direct' || n.link === 'nat' || n.link === 'relay' ? n.link : null };
      });
      if (dropped) console.warn('genet: dropped ' + dropped + ' nodes of a report from child ' + child.slot);
      markDirty();
      return heldNodes(tree) > BOUNDS.subtreeNodes ? 'its reports name over ' + BOUNDS.subtreeNodes + ' nodes' : null;
    }
    // The nodes a child's reported subtree makes this node hold: the reported ones and the unknown
    // ones they name as children (counted up to one past the bound).
    function heldNodes(tree) {
      var seen = Object.create(null);
      var count = 0;
      var ids = Object.keys(tree.nodes);
      for (var i = 0; i < ids.length && count <= BOUNDS.subtreeNodes; i++) {
        if (!seen[ids[i]]) { seen[ids[i]] = true; count++; }
        var ch = tree.nodes[ids[i]].children;
        var slots = Object.keys(ch);
        for (var j = 0; j < slots.length && count <= BOUNDS.subtreeNodes; j++) {
          var cid = ch[slots[j]];
          if (!seen[cid]) { seen[cid] = true; count++; }
        }
      }
      return count;
    }
    function ping() {
      if (!self.parent || !self.parent.genet || self.closed) return;
      pingSeq++;
      pingSentAt = performance.now();
      var p = payload('ping'); p.n = pingSeq;
      self.parent.link.send(JSON.stringify({ type: 'DATA', data: p }));
      pingTimer = setTimeout(ping, PING_INTERVAL_MS);
    }
    // ---- the tree extension (docs/EXTENSIONS.md, tree) ----
    function readTree(d) {
      if (!Number.isInteger(d.size) || d.size < 1 || d.size > MAX_TREE_SIZE || !Array.isArray(d.path)
          || d.path.length < 1 || d.path.length > MAX_TREE_PATH) return null;
      var path = [];
      for (var i = 0; i < d.path.length; i++) {
        var h = d.path[i];
        if (!h || typeof h.id !== 'string' || !h.id || h.id.length > MAX_ID_LENGTH) return null;
        var n = typeof h.name === 'string' ? clean(h.name.trim().slice(0, MAX_NAME_LENGTH)) : '';
        path.push({ id: clean(h.id, MAX_ID_LENGTH), name: n || null });
      }
      var skipped = Number.isInteger(d.skipped) && d.skipped > 0 ? Math.min(d.skipped, MAX_TREE_SIZE) : 0;
      return { size: d.size, path: path, skipped: skipped };
    }
    function treePayload(k) {
      var p = payload('tree');
      var path = k.path.slice();
      path.push(self.name ? { id: self.id, name: self.name } : { id: self.id });
      var skipped = k.skipped;
      while (path.length > MAX_TREE_PATH) { path.splice(1, 1); skipped++; } // the root and the nearest ancestors
      p.size = k.size;
      p.path = path.map(function (h) { return h.name ? { id: h.id, name: h.name } : { id: h.id }; });
      if (skipped > 0) p.skipped = skipped;
      return p;
    }
    function treeToChildren() {
      if (!treeKnown) return;
      var p = treePayload(treeKnown);
      Object.keys(self.children).forEach(function (k) { sendExtension(self.children[k], p); });
    }
    function forgetTree() {
      if (treeKnown === null) return;
      treeKnown = null;
      emit('tree', null);
    }
    function sendExtension(who, data) {
      if (who && who.genet) who.link.send(JSON.stringify({ type: 'DATA', data: data }));
    }
    function helloNeighbours() {
      sendExtension(self.parent, hello());
      Object.keys(self.children).forEach(function (k) { sendExtension(self.children[k], hello()); });
    }
    // ---- self-repair: keepalives and rejoining (docs/EXTENSIONS.md) ----
    function hasGenetNeighbour() {
      if (self.parent && self.parent.genet) return true;
      return Object.keys(self.children).some(function (k) { return self.children[k].genet; });
    }
    // Every quarter of the shortest bound (this page's, its Genet neighbours'): a neighbour silent
    // past this page's bound goes; a keepalive goes to each other one that was sent nothing in the
    // last eighth of its own bound (so none is left silent for more than three eighths of it).
    function genetNeighbours() {
      var all = Object.keys(self.children).map(function (k) { return self.children[k]; });
      if (self.parent) all.unshift(self.parent);
      return all.filter(function (who) { return who.genet; });
    }
    function boundOf(who) { return who.keepaliveBound || UNANNOUNCED_BOUND_MS; }
    function keepaliveTickMs() {
      return Math.max(1, Math.floor(genetNeighbours().reduce(function (least, who) {
        return Math.min(least, boundOf(who));
      }, self.keepaliveMs) / 4));
    }
    var keepaliveTickAt = 0;
    function armKeepalive() {
      if (keepaliveTimer !== null || self.closed || !hasGenetNeighbour()) return;
      keepaliveTickAt = keepaliveTickMs();
      keepaliveTimer = setTimeout(function () {
        keepaliveTimer = null;
        var t = now();
        var bound = self.keepaliveMs;
        genetNeighbours().forEach(function (who) {
          if (t - who.lastHeard > bound) {
            if (who === self.parent) who.lose('no keepalive within ' + bound + ' ms');
            else who.drop('no keepalive within ' + bound + ' ms');
          } else if (t - who.link.lastSent >= boundOf(who) / 8) {
            sendExtension(who, payload('keepalive'));
          }
        });
        armKeepalive();
      }, keepaliveTickAt);
    }
    // A neighbour announced a shorter bound than the timer was armed for: tick at its rate now.
    function rearmKeepalive() {
      if (keepaliveTimer !== null && keepaliveTickMs() < keepaliveTickAt) {
        clearTimeout(keepaliveTimer);
        keepaliveTimer = null;
      }
      armKeepalive();
    }
    // The parent is gone: its channel is closed for good, the requests this node held go (it
    // answers nobody while cut off), its children hear depth -1, and it rejoins with them.
    function detach(reason) {
      forgetTree();
      var wasDepth = depth();
      var old = self.parent;
      self.parent = null;
      old.link.close();
      sentToParent = null;
      parentRtt = null;
      smoothedRtt = null;
      clearTimeout(pingTimer);
      setStored([]);
      routes = Object.create(null);
      joiners = Object.create(null);
      joinerCount = 0;
      emit('parent-close', reason);
      if (depth() !== wasDepth) Object.keys(self.children).forEach(function (k) { sendExtension(self.children[k], hello()); });
      if (self.repair && !self.closed) {
        rejoin = { since: now(), attempts: 0, timer: null };
        self.rejoining = true;
        scheduleRejoin();
      }
    }
    function scheduleRejoin() {
      var n = ++rejoin.attempts;
      var base = n === 1 ? REJOIN_FIRST_MS : Math.min(REJOIN_MAX_MS, REJOIN_FIRST_MS * Math.pow(2, n - 2));
      var delay = Math.round(base / 2 + Math.random() * base / 2);
      emit('rejoining', 'attempt ' + n + ' in ' + delay + ' ms');
      var r = rejoin;
      r.timer = setTimeout(function () {
        if (rejoin === r && !self.parent && !joining && !self.closed) attempt();
      }, delay);
    }
    this.setRepair = function (on) {
      self.repair = !!on;
      if (!self.repair && rejoin) { clearTimeout(rejoin.timer); rejoin = null; self.rejoining = false; }
    };

    this.setName = function (name) {
      self.name = name ? String(name).trim().slice(0, MAX_NAME_LENGTH) || null : null;
      helloNeighbours();
      treeToChildren();
      markDirty();
    };
    this.on = function (l) { listeners.push(l); return self; };
    function childCount() { return Object.keys(self.children).length; }
    function candidateCount() { return Object.keys(candidates).length; }
    function now() { return Date.now(); }

    function handle(req, expiresAt) {
      var origin = req.origin;
      if (candidates[origin]) { candidates[origin].link.signal(req.signal); return; }
      var earlier = storedSlots[origin];
      if (earlier !== undefined) { store(req, earlier, expiresAt); return; }
      var route = routes[origin];
      if (route && route.expiresAt > now() && self.children[route.slot] === route.child) { route.child.forward(req); return; }
      if (signalKind(req.signal) !== 'offer') { emit('join-request', origin.slice(0, 6) + ' dropped: no offer here'); return; }
      if (settled[origin] && settled[origin] > now()) { emit('join-request', origin.slice(0, 6) + ' dropped: already settled'); return; }
      if (childCount() + candidateCount() < self.maxDegree) { candidate(req, expiresAt); return; }
      var slot = delegateSlot(origin, self.id, self.maxDegree);
      var child = self.children[slot];
      if (!child && candidateCount() === 0) {
        var slots = Object.keys(self.children).map(Number).sort(function (a, b) { return a - b; });
        var next = slots.filter(function (s) { return s >= slot; })[0];
        child = self.children[next !== undefined ? next : slots[0]];
      }
      if (child) {
        routes[origin] = { child: child, slot: child.slot, expiresAt: now() + REQUEST_TIMEOUT_MS };
        child.forward(req);
        emit('join-request', origin.slice(0, 6) + ' delegated to slot ' + child.slot);
      } else if (store(req, slot, expiresAt)) {
        emit('join-request', origin.slice(0, 6) + ' stored for slot ' + slot);
      }
    }
    function store(req, slot, expiresAt) {
      var bytes = req.wire ? req.wire.length : 0;
      if (stored.length >= BOUNDS.storedRequests || storedBytes + bytes > BOUNDS.storedBytes) {
        emit('join-request', clean(req.origin.slice(0, 6)) + ' dropped: over ' + BOUNDS.storedRequests + ' stored requests or ' + BOUNDS.storedBytes + ' bytes');
        return false;
      }
      stored.push({ req: req, slot: slot, expiresAt: expiresAt, bytes: bytes });
      storedBytes += bytes;
      storedSlots[req.origin] = slot;
      markDirty();
      return true;
    }
    function setStored(list) {
      stored = list;
      storedBytes = 0;
      storedSlots = Object.create(null);
      stored.forEach(function (s) { storedBytes += s.bytes; storedSlots[s.req.origin] = s.slot; });
    }
    // One more signal of a joiner from the parent: false past BOUNDS.signalsPerJoiner, when the
    // joiner is cut off (named once: its candidate given up, its stored requests and route gone).
    function countSignal(origin) {
      var t = now();
      var j = joiners[origin];
      if (!j || j.until < t) {
        if (!j) joinerCount++;
        if (joinerCount > BOUNDS.storedRequests && t >= nextSweep) { // at most once a second: a flood stays linear
          nextSweep = t + 1000;
          Object.keys(joiners).forEach(function (o) { if (joiners[o].until < t) { delete joiners[o]; joinerCount--; } });
        }
        j = joiners[origin] = { signals: 0, until: 0 };
      }
      j.until = t + 2 * REQUEST_TIMEOUT_MS;
      j.signals++;
      if (j.signals <= BOUNDS.signalsPerJoiner) return true;
      if (j.signals === BOUNDS.signalsPerJoiner + 1) {
        setStored(stored.filter(function (s) { return s.req.origin !== origin; }));
        delete routes[origin];
        if (candidates[origin]) candidates[origin].drop('over ' + BOUNDS.signalsPerJoiner + ' signals');
        emit('joiner-cut', clean(origin.slice(0, 6)) + ': over ' + BOUNDS.signalsPerJoiner + ' signals, the rest dropped');
        markDirty();
      }
      return false;
    }

    function handleStoredAgain() {
      var all = stored;
      setStored([]);
      all.forEach(function (s) { if (s.expiresAt > now()) handle(s.req, s.expiresAt); });
    }

    function candidate(req, expiresAt) {
      var origin = req.origin;
      var entry = { origin: origin, drop: function (reason) { drop(reason); } };
      var timer = setTimeout(function () { drop('did not connect in time'); }, Math.max(0, expiresAt - now()));
      function drop(reason) {
        if (candidates[origin] !== entry) return;
        delete candidates[origin];
        clearTimeout(timer);
        settled[origin] = now() + REQUEST_TIMEOUT_MS;
        entry.link.close();
        emit('candidate-drop', origin.slice(0, 6) + ': ' + reason);
        handleStoredAgain();
      }
      candidates[origin] = entry;
      emit('candidate-create', origin.slice(0, 6));
      entry.link = new Link(server, origin, false, {
        open: function () {
          if (candidates[origin] !== entry) { entry.link.close(); return; }
          delete candidates[origin];
          clearTimeout(timer);
          settled[origin] = now() + REQUEST_TIMEOUT_MS;
          var slot = 0;
          while (self.children[slot]) slot++;
          var child = {
            slot: slot, id: origin, link: entry.link, genet: entry.link.remoteSpeaksGenet(), lastHeard: now(),
            nodeId: null, name: null, impl: null, maxDegree: -1, depth: -1, reported: null,
            reportRate: new Rate(BOUNDS.extensionBytesPerSecond, BOUNDS.extensionBytesBurst),
            label: function () { return childLabel(child); },
            send: function (data) { entry.link.send(JSON.stringify({ type: 'DATA', data: data })); },
            forward: function (r) { entry.link.send(r.wire); },
            drop: function (reason) { entry.link.close(); gone(reason); }
          };
          entry.child = child;
          self.children[slot] = child;
          if (child.genet) {
            sendExtension(child, hello());
            if (treeKnown) sendExtension(child, treePayload(treeKnown)); // the new child learns at once
            armKeepalive();
          }
          emit('child-connect', 'slot ' + slot + ' (' + origin.slice(0, 6) + ')', child);
          var mine = stored.filter(function (s) { return s.slot === slot; });
          setStored(stored.filter(function (s) { return s.slot !== slot; }));
          mine.forEach(function (s) { handle(s.req, s.expiresAt); });
          if (candidateCount() === 0) handleStoredAgain();
        },
        message: function (text) {
          var m;
          try { m = JSON.parse(text); } catch (e) { emit('message-drop', 'malformed JSON from a child'); return; }
          var child = entry.child;
          if (!child || self.children[child.slot] !== child) return;
          child.lastHeard = now();
          if (!(m && m.type === 'DATA')) { emit('message-drop', 'a ' + (m && m.type) + ' frame from a child'); return; }
          var kind = child.genet ? extensionKind(m.data) : null;
          if (kind === null) { emit('data', m.data, child, false); return; }
          if (kind !== 'hello' && kind !== 'ping' && kind !== 'keepalive' && !child.reportRate.take(text.length)) {
            child.drop('over ' + BOUNDS.extensionBytesPerSecond + ' bytes of reports a second');
            return;
          }
          if (kind === 'hello') {
            var claim = readHello(child, m.data);
            if (claim) { child.drop(claim); return; }
            emit('hello', 'child ' + child.slot + ' is ' + childLabel(child) + (child.name && child.nodeId ? ' (' + child.nodeId + ')' : ''), child);
          } else if (kind === 'report') {
            self.reportBytesReceived += text.length;
            var over = applyReport(child, m.data);
            if (over) child.drop(over);
          } else if (kind === 'ping') {
            var pong = payload('pong'); pong.n = m.data.n;
            sendExtension(child, pong);
          } // other kinds: consumed, not for the application
        },
        close: function () { gone(); },
        error: function (reason) { gone(reason); },
        overBound: function (reason) {
          var child = entry.child;
          if (child && self.children[child.slot] === child) child.drop(reason); else drop(reason);
        },
        unreadable: function (err) { emit('message-drop', 'a frame from a child that could not be read: ' + err); },
        pair: function (p) {
          var child = entry.child;
          if (!child || self.children[child.slot] !== child) return;
          child.pair = p;
          emit('link', 'child ' + child.slot + ' (' + childLabel(child) + '): ' + describePair(p), child);
        }
      }, self.ice.config());
      function gone(reason) {
        if (candidates[origin] === entry) { drop(reason || 'closed'); return; }
        Object.keys(self.children).forEach(function (k) {
          if (self.children[k].id === origin) {
            var label = self.children[k].label();
            delete self.children[k];
            emit('child-close', 'slot ' + k + ' (' + label + ')' + (reason ? ': ' + reason : ''));
            handleStoredAgain();
          }
        });
      }
      entry.link.signal(req.signal);
    }

    this.join = function () {
      if (self.parent || joining) return self;
      joining = true;
      self.ice.ready.then(function () { joining = false; if (!self.parent && !self.closed) attempt(); });
      return self;
    };
    function attempt() {
      emit('join-start', 'joining through ' + server);
      joining = true;
      var done = false;
      function failed(reason) {
        joining = false;
        emit('join-fail', reason);
        if (rejoin && !self.closed) scheduleRejoin();
      }
      var timer = setTimeout(function () {
        if (done) return;
        done = true;
        link.close();
        failed('no parent connected within ' + REQUEST_TIMEOUT_MS / 1000 + ' s');
      }, REQUEST_TIMEOUT_MS);
      var link = new Link(server, null, true, {
        open: function () {
          if (done) { link.close(); return; }
          done = true;
          clearTimeout(timer);
          joining = false;
          self.parent = { link: link, genet: false, nodeId: null, name: null, impl: null, maxDegree: -1, depth: -1,
            lastHeard: now(), requestRate: new Rate(BOUNDS.parentRequestsPerSecond, BOUNDS.parentRequestBurst),
            label: function () { return self.parent ? self.parent.name || self.parent.nodeId || 'parent' : 'parent'; },
            send: function (data) { link.send(JSON.stringify({ type: 'DATA', data: data })); },
            lose: function (reason) { lost(reason); } };
          emit('parent-connect', '', self.parent);
          if (rejoin) {
            clearTimeout(rejoin.timer);
            var r = rejoin;
            rejoin = null;
            self.rejoining = false;
            emit('rejoined', 'after ' + (now() - r.since) + ' ms, ' + r.attempts + (r.attempts === 1 ? ' attempt' : ' attempts'));
          }
        },
        message: function (text) {
          var m;
          try { m = JSON.parse(text); } catch (e) { emit('message-drop', 'malformed JSON from the parent'); return; }
          if (!self.parent || self.parent.link !== link) return; // a parent lost is read no more
          self.parent.lastHeard = now();
          if (m && m.type === 'JOIN-REQUEST' && typeof m.origin === 'string' && m.signal && typeof m.signal === 'object') {
            if (!self.parent.requestRate.take(1)) {
              self.parent.lose('over ' + BOUNDS.parentRequestsPerSecond + ' join requests a second');
              return;
            }
            if (!m.origin || m.origin.length > 64) { emit('message-drop', 'a join request with a malformed origin from the parent'); return; }
            if (!countSignal(m.origin)) return;
            m.wire = text;
            handle(m, now() + REQUEST_TIMEOUT_MS);
          } else if (m && m.type === 'DATA') {
            var parent = self.parent;
            var kind = parent ? extensionKind(m.data) : null;
            if (kind === 'hello') {
              var first = !parent.genet;
              var before = depth();
              var claim = readHello(parent, m.data);
              if (claim) { parent.lose(claim); return; }
              parent.genet = true; // its hello is how a child learns its parent speaks Genet
              if (first) { sendExtension(parent, hello()); sentToParent = null; ping(); armKeepalive(); }
              if (depth() !== before) Object.keys(self.children).forEach(function (k) { sendExtension(self.children[k], hello()); });
              if (depth() < 0) forgetTree(); // cut off: what the root said no longer holds
              emit('hello', 'parent is ' + parent.label() + (parent.name && parent.nodeId ? ' (' + parent.nodeId + ')' : ''), parent);
            } else if (kind === 'tree' && parent.genet) {
              var known = readTree(m.data);
              if (known) {
                treeKnown = known;
                treeToChildren();
                emit('tree', known);
              } else {
                emit('message-drop', 'a malformed tree payload from the parent');
              }
            } else if (kind !== null && parent.genet) {
              if (kind === 'pong' && m.data.n === pingSeq && pingSentAt) {
                var sample = performance.now() - pingSentAt;
                pingSentAt = 0;
                smoothedRtt = smoothedRtt === null ? sample : smoothedRtt + (sample - smoothedRtt) / 8; // as TCP smooths it
                var rtt = Math.round(smoothedRtt * 10) / 10;
                if (parentRtt === null || Math.abs(rtt - parentRtt) >= Math.max(1, parentRtt / 4)) { parentRtt = rtt; markDirty(); }
              } // other kinds: consumed, not for the application
            } else {
              emit('data', m.data, self.parent, true);
            }
          } else {
            emit('message-drop', 'a frame of unknown type from the parent');
          }
        },
        close: function () { lost('the parent left'); },
        error: function (reason) { lost(reason); },
        overBound: function (reason) { link.close(); lost(reason); },
        unreadable: function (err) { emit('message-drop', 'a frame from the parent that could not be read: ' + err); },
        pair: function (p) {
          if (!self.parent || self.parent.link !== link) return;
          self.parent.pair = p;
          emit('link', 'parent: ' + describePair(p), self.parent);
        }
      }, self.ice.config());
      function lost(reason) {
        if (!done) {
          done = true;
          clearTimeout(timer);
          failed(reason);
        } else if (self.parent && self.parent.link === link) {
          detach(reason);
        }
      }
    }
  }

  window.GenetNode = GenetNode;
  window.GenetBounds = BOUNDS;
  window.genetClean = clean;
  window.genetHash31 = hash31;
  window.genetDelegateSlot = delegateSlot;
})();
