import { galeraCluster, startHaproxy, wsrepStatus } from './cluster.mjs';
const t0 = Date.now(); const log = (m) => console.log(((Date.now()-t0)/1000).toFixed(1), m);
const c = await galeraCluster({ log });
log('installed');
await c.start();
log('started ' + JSON.stringify(await wsrepStatus(c.nodes[2].port)));
const h = await startHaproxy({ nodes: c.nodes, preferred: [0, 1], log });
log('haproxy ' + h.ports);
await c.nodes[0].kill(); log('killed node1'); { const m = (await import('mysql2/promise')).default; const k = await m.createConnection({host:'127.0.0.1',port:h.ports[0],user:'root'}); await k.query('CREATE DATABASE IF NOT EXISTS x'); await k.query('CREATE TABLE IF NOT EXISTS x.t (id int primary key)'); for (let i=0;i<50;i++) await k.query('INSERT INTO x.t VALUES (?)',[i]); await k.end(); log('wrote 50'); }
await new Promise(r=>setTimeout(r,3000));
log(JSON.stringify(await wsrepStatus(h.ports[0])));
await c.nodes[0].start(); log('node1 back ' + c.nodes[0].lastTransfer);
await c.nodes[1].kill(); log('killed node2');
await c.waitSize(2); log('size 2');
await new Promise(r=>setTimeout(r,3000));
console.log(h.log().slice(-2000));
await h.stop(); for (const n of c.nodes) await n.kill(); log('done ' + c.root);
