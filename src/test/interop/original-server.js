// The original bootstrap server (webrtc-bootstrap), on 127.0.0.1 and a free port.
// Usage: node original-server.js SECRET      prints {"event":"listening","port":N}
'use strict'
var http = require('http')
var common = require('./common')
var Server = require('webrtc-bootstrap').Server

var httpServer = http.createServer()
httpServer.listen(0, '127.0.0.1', function () {
  // eslint-disable-next-line no-new
  new Server(process.argv[2], { httpServer: httpServer })
  common.emit('listening', { port: httpServer.address().port })
})
common.exitWithParent()
