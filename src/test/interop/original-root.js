// The original bootstrap client as root: it answers every joiner itself, as a root with room does.
// Usage: node original-root.js HOST:PORT SECRET
// Prints every request it gets, then "connected" and the data of each joiner it connects to.
'use strict'
var common = require('./common')
var Client = require('webrtc-bootstrap')

var client = new Client(process.argv[2])
var peers = {}

client.root(process.argv[3], function (req) {
  common.emit('request', { request: req })
  if (peers[req.origin]) {
    peers[req.origin].signal(req.signal)
    return
  }
  var peer = peers[req.origin] = client.connect(req, { peerOpts: common.peerOpts() })
  peer.on('connect', function () {
    common.emit('connected', { origin: req.origin })
    peer.send('hello from the original root')
  })
  peer.on('data', function (data) { common.emit('data', { origin: req.origin, data: data.toString() }) })
  peer.on('error', function (err) { common.emit('peer-error', { error: String(err) }) })
}, function (err) {
  common.emit(err ? 'root-error' : 'root-open', err ? { error: String(err) } : {})
})
common.exitWithParent()
