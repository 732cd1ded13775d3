// One simple-peer (the original's WebRTC layer) that answers, its signals on stdio: it reads
// {"signal":...} lines on stdin and prints {"event":"signal","signal":...}, "connected", "data"
// and "close" lines. Usage: node original-peer.js   (it ends when its stdin ends)
'use strict'
var readline = require('readline')
var SimplePeer = require('simple-peer')
var common = require('./common')

var opts = common.peerOpts()
var peer = new SimplePeer({ initiator: false, wrtc: opts.wrtc, config: opts.config })
peer.on('signal', function (signal) { common.emit('signal', { signal: signal }) })
peer.on('connect', function () { common.emit('connected') })
peer.on('data', function (data) {
  common.emit('data', { data: data.toString() })
  peer.send('echo ' + data.toString())
})
peer.on('close', function () { common.emit('close') })
peer.on('error', function (err) { common.emit('peer-error', { error: String(err) }) })
readline.createInterface({ input: process.stdin }).on('line', function (line) {
  if (line.trim()) peer.signal(JSON.parse(line).signal)
}).on('close', function () { process.exit(0) })
