#!/usr/bin/env node
// A fleet of node processes, as a tree's users run them: a bootstrap server, a root and N joiners,
// each in a process of its own, all on 127.0.0.1. Every joiner first loads its WebRTC and connects
// what it connects before joining, prints "ready", and joins when it reads "go"; the fleet writes
// "go" to all of them at once and times until each has its parent. Process starts are not timed
// (they are printed apart, as allReadyMs).
//
// Usage: node scripts/fleet.js original|genet NODES MAX_DEGREE [TIME_LIMIT_S]   (the limit on the joins, from "go"; default 180)
//   original: src/test/interop's scripts over the original npm packages (webrtc-bootstrap's server,
//             webrtc-tree-overlay nodes with simple-peer's own signalling, @roamhq/wrtc untouched)
//   genet:    scripts/genet server, root and node --join-on-go (GENET_JAR names another jar)
// Prints one JSON line: joined, allJoinedMs, joinMsP50/P95 (from "go"), allReadyMs, and the CPU
// seconds all the fleet's processes (server and root included) used from "go" until all joined.
'use strict'
const { spawn } = require('child_process')
const fs = require('fs')
const net = require('net')
const path = require('path')
const readline = require('readline')

const impl = process.argv[2]
const nodes = Number(process.argv[3] || 100)
const maxDegree = Number(process.argv[4] || 10)
const limitMs = Number(process.argv[5] || 180) * 1000
if (impl !== 'original' && impl !== 'genet') {
  process.stderr.write('usage: node scripts/fleet.js original|genet NODES MAX_DEGREE [TIME_LIMIT_S]\n')
  process.exit(2)
}
const repo = path.resolve(__dirname, '..')
const interop = path.join(repo, 'src', 'test', 'interop')
const genet = path.join(repo, 'scripts', 'genet')
const secret = 'fleet-secret'
const children = []
const ticks = 100 // USER_HZ on Linux

function start (command, args, options, onLine) {
  const child = spawn(command, args, Object.assign({ stdio: ['pipe', 'pipe', 'pipe'] }, options))
  children.push(child)
  readline.createInterface({ input: child.stdout }).on('line', onLine)
  child.stderr.resume()
  child.stdin.on('error', function () {})
  return child
}

// CPU seconds (user + system) of a process and its threads so far, 0 once it has gone
function cpuSeconds (pid) {
  try {
    const fields = fs.readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / ticks
  } catch (e) {
    return 0
  }
}
function fleetCpu () { return children.reduce(function (sum, c) { return sum + cpuSeconds(c.pid) }, 0) }

function freePort () {
  return new Promise(function (resolve) {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', function () { const port = s.address().port; s.close(function () { resolve(port) }) })
  })
}

function listening (port) {
  return new Promise(function (resolve) {
    (function attempt () {
      const socket = net.connect(port, '127.0.0.1')
      socket.on('connect', function () { socket.destroy(); resolve() })
      socket.on('error', function () { setTimeout(attempt, 100) })
    })()
  })
}

function finish (result) {
  process.stdout.write(JSON.stringify(result) + '\n')
  children.forEach(function (c) { try { c.kill('SIGTERM') } catch (e) {} })
  setTimeout(function () {
    children.forEach(function (c) { try { c.kill('SIGKILL') } catch (e) {} })
    process.exit(0)
  }, 3000).unref()
}

async function main () {
  const nodeEnv = Object.assign({}, process.env, { GENET_JOIN_ON_GO: '1' })
  const javaEnv = Object.assign({}, process.env, { JDK_JAVA_OPTIONS: process.env.FLEET_JAVA_OPTIONS || '-Xmx96m -Xss512k' })
  let port
  let rootUp
  const rootReady = new Promise(function (resolve) { rootUp = resolve })
  if (impl === 'original') {
    const gotPort = new Promise(function (resolve) {
      start('node', ['original-server.js', secret], { cwd: interop }, function (line) {
        const m = /"port":(\d+)/.exec(line)
        if (m) resolve(Number(m[1]))
      })
    })
    port = await gotPort
    start('node', ['original-tree-node.js', '127.0.0.1:' + port, 'root', String(maxDegree), secret], { cwd: interop },
      function (line) { if (line.indexOf('"root"') >= 0) rootUp() })
  } else {
    port = await freePort()
    start(genet, ['server', '--port', String(port), '--secret', secret], { env: javaEnv }, function () {})
    await listening(port)
    start(genet, ['root', '--host', '127.0.0.1:' + port, '--secret', secret, '--max-degree', String(maxDegree)],
      { env: javaEnv }, function (line) { if (line.indexOf('root-open') >= 0) rootUp() })
  }
  await rootReady
  const launched = Date.now()
  let ready = 0
  let go = 0
  let cpuAtGo = 0
  const joinMs = []
  const joiners = []
  let limit = setTimeout(report, Math.max(limitMs, 600000)) // starting them all may take long on a busy machine
  function report () {
    clearTimeout(limit)
    const cpu = go ? fleetCpu() - cpuAtGo : 0
    joinMs.sort(function (a, b) { return a - b })
    function pct (p) { return joinMs.length ? joinMs[Math.max(0, Math.ceil(p / 100 * joinMs.length) - 1)] : -1 }
    finish({
      implementation: impl,
      processes: nodes + 2,
      nodes: nodes,
      maxDegree: maxDegree,
      ready: ready,
      joined: joinMs.length,
      allReadyMs: ready === nodes ? go - launched : -1,
      allJoinedMs: joinMs.length === nodes ? joinMs[nodes - 1] : -1,
      joinMsP50: pct(50),
      joinMsP95: pct(95),
      fleetCpuSecondsWhileJoining: Math.round(cpu * 100) / 100
    })
  }
  function onReady () {
    if (++ready === nodes) {
      cpuAtGo = fleetCpu()
      go = Date.now()
      clearTimeout(limit)
      limit = setTimeout(report, limitMs) // the time limit counts from "go"
      joiners.forEach(function (j) { j.stdin.write('go\n') })
    }
  }
  function onJoined () {
    joinMs.push(Date.now() - go)
    if (joinMs.length === nodes) report()
  }
  for (let i = 0; i < nodes; i++) {
    const name = 'n' + i
    let joined = false
    const isReady = impl === 'original' ? function (l) { return l.indexOf('"ready"') >= 0 } : function (l) { return l === 'ready' }
    const isJoined = impl === 'original' ? function (l) { return l.indexOf('"parent-connect"') >= 0 } : function (l) { return l.indexOf('parent-connect') >= 0 }
    const child = impl === 'original'
      ? start('node', ['original-tree-node.js', '127.0.0.1:' + port, name, String(maxDegree)], { cwd: interop, env: nodeEnv }, onLine)
      : start(genet, ['node', '--host', '127.0.0.1:' + port, '--origin', name, '--max-degree', String(maxDegree), '--join-on-go'],
        { env: javaEnv }, onLine)
    joiners.push(child)
    function onLine (line) {
      if (isReady(line)) onReady()
      else if (go && !joined && isJoined(line)) { joined = true; onJoined() }
    }
  }
}

process.on('SIGINT', function () { finish({ implementation: impl, interrupted: true }) })
main().catch(function (e) { process.stderr.write(String(e && e.stack || e) + '\n'); finish({ implementation: impl, error: String(e) }) })
