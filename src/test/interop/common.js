// Helpers shared by the interop scripts: one JSON object per stdout line, and an exit when the
// test that started us goes away (its end of our stdin closes; not with GENET_DETACHED set).
'use strict'

function emit (event, fields) {
  process.stdout.write(JSON.stringify(Object.assign({ event: event }, fields || {})) + '\n')
}

function exitWithParent () {
  if (process.env.GENET_DETACHED) return // started by a script, which kills it when done
  process.stdin.on('end', function () { process.exit(0) })
  process.stdin.on('error', function () { process.exit(0) })
  process.stdin.resume()
}

// GENET_ICE_SERVERS (a JSON array of RTCIceServer objects) gives the ICE servers, as the NAT lab does
function peerOpts () {
  var ice = process.env.GENET_ICE_SERVERS ? JSON.parse(process.env.GENET_ICE_SERVERS) : []
  return { wrtc: require('@roamhq/wrtc'), config: { iceServers: ice } }
}

process.on('uncaughtException', function (err) {
  emit('crash', { error: String(err && err.stack || err) })
  process.exit(3)
})

module.exports = { emit: emit, exitWithParent: exitWithParent, peerOpts: peerOpts }
