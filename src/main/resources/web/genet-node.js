// A Genet node in the browser: the same wire protocol as the Java node and the original
// webrtc-tree-overlay (PROTOCOL.md), over the browser's own RTCPeerConnection. No dependencies.
'use strict';

(function () {
  var REQUEST_TIMEOUT_MS = 30000;

  // ---- hash31 and delegation, as PROTOCOL.md section 5 --------------------------------------
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
  function signalKind(s) {
    if (!s || typeof s !== 'object') return 'other';
    if (s.sdp) return s.type === 'offer' ? 'offer' : s.type === 'answer' ? 'answer' : 'other';
    if (s.candidate && typeof s.candidate === 'object') return s.candidate.candidate ? 'candidate' : 'end';
    return 'other';
  }

  // ---- one connection: a /join socket and a peer, signaling like simple-peer ---------------
  function Link(server, origin, initiator, handlers) {
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
    var pc = new RTCPeerConnection({ iceServers: [] });
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
    function useChannel(ch) {
      if (channel) { ch.close(); return; }
      channel = ch;
      var opened = false;
      ch.onopen = function () {
        if (closed || opened) return; // the answerer may see the channel open already, then the event
        opened = true;
        try { ws.close(); } catch (e) { /* already closed */ }
        handlers.open();
      };
      ch.onmessage = function (e) {
        if (closed) return;
        if (typeof e.data === 'string') handlers.message(e.data);
        else new Response(e.data).text().then(function (t) { if (!closed) handlers.message(t); });
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
      if (!destination && message.origin) destination = message.origin;
      self.signal(message.signal);
    };
    ws.onerror = function () { if (!channel || channel.readyState !== 'open') fail('cannot reach the bootstrap server'); };
    ws.onclose = function () { if (!channel || channel.readyState !== 'open') fail('the bootstrap server closed the signaling socket'); };

    pc.onicecandidate = function (e) {
      if (closed || !e.candidate || !e.candidate.candidate) return;
      if (descriptionSent) sendCandidate(e.candidate); else heldLocal.push(e.candidate);
    };
    pc.ondatachannel = function (e) { useChannel(e.channel); };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === 'failed') fail('the connection failed');
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
    this.send = function (text) { if (channel && channel.readyState === 'open') channel.send(text); };
    this.close = function () {
      if (closed) return;
      closed = true;
      try { ws.close(); } catch (e) { /* already closed */ }
      if (channel) channel.close();
      pc.close();
    };

    if (initiator) {
      useChannel(pc.createDataChannel(randomHex(20)));
      pc.createOffer().then(describe).catch(function (err) { fail('could not create an offer: ' + err); });
    }
  }

  // ---- the node ------------------------------------------------------------------------------
  function GenetNode(server, opts) {
    opts = opts || {};
    var self = this;
    this.id = String(hash31((Math.random() * 4294967296) | 0)).slice(0, 6);
    this.maxDegree = opts.maxDegree || 10;
    this.parent = null;
    this.children = {};
    var candidates = {};
    var settled = {};
    var routes = {};
    var stored = [];
    var listeners = [];

    function emit() {
      var args = arguments;
      listeners.forEach(function (l) { l.apply(null, args); });
    }
    this.on = function (l) { listeners.push(l); return self; };
    function childCount() { return Object.keys(self.children).length; }
    function candidateCount() { return Object.keys(candidates).length; }
    function now() { return Date.now(); }

    function handle(req, expiresAt) {
      var origin = req.origin;
      if (candidates[origin]) { candidates[origin].link.signal(req.signal); return; }
      var earlier = stored.filter(function (s) { return s.req.origin === origin; })[0];
      if (earlier) { stored.push({ req: req, slot: earlier.slot, expiresAt: expiresAt }); return; }
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
      } else {
        stored.push({ req: req, slot: slot, expiresAt: expiresAt });
        emit('join-request', origin.slice(0, 6) + ' stored for slot ' + slot);
      }
    }

    function handleStoredAgain() {
      var all = stored;
      stored = [];
      all.forEach(function (s) { if (s.expiresAt > now()) handle(s.req, s.expiresAt); });
    }

    function candidate(req, expiresAt) {
      var origin = req.origin;
      var entry = { origin: origin };
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
            slot: slot, id: origin,
            send: function (data) { entry.link.send(JSON.stringify({ type: 'DATA', data: data })); },
            forward: function (r) { entry.link.send(r.wire); }
          };
          self.children[slot] = child;
          emit('child-connect', 'slot ' + slot + ' (' + origin.slice(0, 6) + ')', child);
          var mine = stored.filter(function (s) { return s.slot === slot; });
          stored = stored.filter(function (s) { return s.slot !== slot; });
          mine.forEach(function (s) { handle(s.req, s.expiresAt); });
          if (candidateCount() === 0) handleStoredAgain();
        },
        message: function (text) {
          var m;
          try { m = JSON.parse(text); } catch (e) { emit('message-drop', 'malformed JSON from a child'); return; }
          if (m && m.type === 'DATA') emit('data', m.data, self.children[Object.keys(self.children).filter(function (k) { return self.children[k].id === origin; })[0]], false);
          else emit('message-drop', 'a ' + (m && m.type) + ' frame from a child');
        },
        close: function () { gone(); },
        error: function (reason) { gone(reason); }
      });
      function gone(reason) {
        if (candidates[origin] === entry) { drop(reason || 'closed'); return; }
        Object.keys(self.children).forEach(function (k) {
          if (self.children[k].id === origin) {
            delete self.children[k];
            emit('child-close', 'slot ' + k);
            handleStoredAgain();
          }
        });
      }
      entry.link.signal(req.signal);
    }

    this.join = function () {
      emit('join-start', 'joining through ' + server);
      var done = false;
      var timer = setTimeout(function () {
        if (done) return;
        done = true;
        link.close();
        emit('join-fail', 'no parent connected within ' + REQUEST_TIMEOUT_MS / 1000 + ' s');
      }, REQUEST_TIMEOUT_MS);
      var link = new Link(server, null, true, {
        open: function () {
          if (done) { link.close(); return; }
          done = true;
          clearTimeout(timer);
          self.parent = { send: function (data) { link.send(JSON.stringify({ type: 'DATA', data: data })); } };
          emit('parent-connect', '', self.parent);
        },
        message: function (text) {
          var m;
          try { m = JSON.parse(text); } catch (e) { emit('message-drop', 'malformed JSON from the parent'); return; }
          if (m && m.type === 'JOIN-REQUEST' && typeof m.origin === 'string' && m.signal && typeof m.signal === 'object') {
            m.wire = text;
            handle(m, now() + REQUEST_TIMEOUT_MS);
          } else if (m && m.type === 'DATA') {
            emit('data', m.data, self.parent, true);
          } else {
            emit('message-drop', 'a frame of unknown type from the parent');
          }
        },
        close: function () { lost('the parent left'); },
        error: function (reason) { lost(reason); }
      });
      function lost(reason) {
        if (!done) {
          done = true;
          clearTimeout(timer);
          emit('join-fail', reason);
        } else if (self.parent) {
          self.parent = null;
          emit('parent-close', reason);
        }
      }
      return self;
    };
  }

  window.GenetNode = GenetNode;
  window.genetHash31 = hash31;
  window.genetDelegateSlot = delegateSlot;
})();
