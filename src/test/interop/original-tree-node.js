// A node of the original overlay (webrtc-tree-overlay) over the original bootstrap client.
// Usage: node original-tree-node.js HOST:PORT NAME MAX_DEGREE [ROOT_SECRET]
// With ROOT_SECRET it becomes the root, else it joins (with GENET_JOIN_ON_GO set, it prints
// {"event":"ready"} and joins when a line "go" comes on stdin, as `genet node --join-on-go`). It sends "ping" to each child that
// connects, answers whatever its parent sends with NAME, and prints every event as a JSON line.
'use strict'
var common = require('./common')
var Client = require('webrtc-bootstrap')
var Node = require('webrtc-tree-overlay')

var host = process.argv[2]
var name = process.argv[3]
var maxDegree = Number(process.argv[4])
var secret = process.argv[5]

var node = new Node(new Client(host), { peerOpts: common.peerOpts(), maxDegree: maxDegree })
node.on('parent-connect', function () { common.emit('parent-connect') })
node.on('child-connect', function (child) {
  common.emit('child-connect', { child: child.id })
  child.send('ping')
})
node.on('data', function (data, channel, isParent) {
  common.emit('data', { data: data, fromParent: !!isParent })
  if (isParent) channel.send(name)
})
node.on('parent-close', function () { common.emit('parent-close') })
node.on('child-close', function () { common.emit('child-close') })
if (secret) {
  node.becomeRoot(secret)
  common.emit('root')
} else if (process.env.GENET_JOIN_ON_GO) {
  // WebRTC started before "ready", as `genet node --join-on-go` starts its factory: what "go" times
  // is the join, not the start of the process's WebRTC (node-webrtc makes its factory with the
  // first peer connection and ends it with the last, so this one stays open until the join starts)
  var warm = new (common.peerOpts().wrtc.RTCPeerConnection)()
  var input = ''
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', function onData (chunk) {
    input += chunk
    if (input.split('\n').some(function (line) { return line.trim() === 'go' })) {
      process.stdin.removeListener('data', onData)
      node.join()
      setTimeout(function () { warm.close() }, 1000) // the join's own peer connection holds the factory by then
      common.emit('joining')
    }
  })
  process.stdin.resume()
  common.emit('ready')
} else {
  node.join()
  common.emit('joining')
}
common.exitWithParent()
