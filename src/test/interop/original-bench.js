// The original implementation's side of `genet bench`: a root and N joiners of
// webrtc-tree-overlay in this one process, all joining at once, through the original server
// (original-server.js, in a process of its own).
// Usage: [GENET_OWN_SIGNALLING=1] node original-bench.js HOST:PORT SECRET NODES MAX_DEGREE [TIME_LIMIT_MS]   prints one JSON object
'use strict'
var wrtc = require('@roamhq/wrtc')
var Client = require('webrtc-bootstrap')
var Node = require('webrtc-tree-overlay')

var host = process.argv[2]
var secret = process.argv[3]
var nodes = Number(process.argv[4])
var maxDegree = Number(process.argv[5])
var timeLimit = Number(process.argv[6] || 60000)

// @roamhq/wrtc can crash when localDescription is read while candidates are gathered, which
// simple-peer 6 does; with this getter simple-peer sends the SDP it created and trickles.
// GENET_OWN_SIGNALLING=1 leaves @roamhq/wrtc untouched: simple-peer's own signalling, as in the
// original's own processes (no crash in the runs of docs/benchmarks-fair.md).
class PeerConnection extends wrtc.RTCPeerConnection {
  get localDescription () { return null }
}
var peerOpts = process.env.GENET_OWN_SIGNALLING
  ? { wrtc: wrtc, config: { iceServers: [] } }
  : {
      wrtc: { RTCPeerConnection: PeerConnection, RTCSessionDescription: wrtc.RTCSessionDescription, RTCIceCandidate: wrtc.RTCIceCandidate },
      config: { iceServers: [] }
    }

;(function () {
  var rssBefore = process.memoryUsage().rss
  // Depth travels down in DATA: each node tells every child its depth as soon as it knows its own.
  var root = new Node(new Client(host), { peerOpts: peerOpts, maxDegree: maxDegree }).becomeRoot(secret)
  root.on('child-connect', function (child) { child.send({ depth: 0 }) })
  var joinMs = []
  var depth = []
  var depthKnown = 0
  var start
  var all = [root]

  function finish () {
    joinMs.sort(function (a, b) { return a - b })
    function pct (p) { return joinMs.length ? joinMs[Math.max(0, Math.ceil(p / 100 * joinMs.length) - 1)] : -1 }
    var rss = process.memoryUsage().rss
    process.stdout.write(JSON.stringify({
      implementation: 'original',
      nodes: nodes,
      maxDegree: maxDegree,
      joined: joinMs.length,
      allJoinedMs: joinMs.length === nodes ? joinMs[joinMs.length - 1] : -1,
      joinMsP50: pct(50),
      joinMsP95: pct(95),
      joinMsMax: joinMs.length ? joinMs[joinMs.length - 1] : -1,
      maxDepth: depth.reduce(function (a, b) { return Math.max(a, b || 0) }, 0),
      rssBytes: rss,
      rssBytesPerConnection: joinMs.length ? Math.round((rss - rssBefore) / (2 * joinMs.length)) : -1
    }) + '\n')
    process.exit(0)
  }

  setTimeout(function () {
    start = Date.now()
    for (var i = 0; i < nodes; i++) {
      (function (index) {
        var node = new Node(new Client(host), { peerOpts: peerOpts, maxDegree: maxDegree })
        all.push(node)
        node.on('parent-connect', function () {
          joinMs.push(Date.now() - start)
          if (joinMs.length === nodes) setTimeout(finish, 10000)
        })
        node.on('child-connect', function (child) {
          if (depth[index] !== undefined) child.send({ depth: depth[index] })
        })
        node.on('data', function (data, channel, isParent) {
          if (isParent && data && typeof data.depth === 'number' && depth[index] === undefined) {
            depth[index] = data.depth + 1
            for (var slot in node.children) node.children[slot].send({ depth: depth[index] })
            if (++depthKnown === nodes && joinMs.length === nodes) finish()
          }
        })
        node.join()
      })(i)
    }
  }, 500)

  setTimeout(finish, timeLimit)
})()
