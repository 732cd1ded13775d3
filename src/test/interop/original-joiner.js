// The original bootstrap client as a joiner: it connects through the server and says hello.
// Usage: node original-joiner.js HOST:PORT
'use strict'
var common = require('./common')
var Client = require('webrtc-bootstrap')

var client = new Client(process.argv[2])
var peer = client.connect(null, {
  peerOpts: common.peerOpts(),
  cb: function (err) { if (err) common.emit('join-error', { error: String(err) }) }
})
peer.on('signal', function (signal) { common.emit('signal', { signal: signal }) })
peer.on('connect', function () {
  common.emit('connected')
  peer.send('hello from the original joiner')
})
peer.on('data', function (data) { common.emit('data', { data: data.toString() }) })
peer.on('error', function (err) { common.emit('peer-error', { error: String(err) }) })
common.exitWithParent()
