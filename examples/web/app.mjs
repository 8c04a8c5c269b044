// The page's side of examples/web: the functions the module imports (the LED, the plot), the
// console box, and window.moteDemo, the state a test reads (tests/web/web_test.py).
import { start } from './mote.mjs';

const led = document.getElementById('led');
const ledCount = document.getElementById('led-count');
const canvas = document.getElementById('plot');
const log = document.getElementById('log');
const form = document.getElementById('form');
const command = document.getElementById('command');
const status = document.getElementById('status');

const demo = { ledToggles: 0, ledOn: false, points: [], lines: [], exited: null };
window.moteDemo = demo;

function addLine(text, cls) {
  const div = document.createElement('div');
  if (cls) div.className = cls;
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
  demo.lines.push(text);
}

function draw() {
  const g = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  g.clearRect(0, 0, w, h);
  const pts = demo.points.slice(-120);
  if (pts.length === 0) return;
  const t0 = pts[0][0];
  const t1 = Math.max(pts[pts.length - 1][0], t0 + 1);
  let lo = Math.min(...pts.map((p) => p[1]));
  let hi = Math.max(...pts.map((p) => p[1]));
  if (hi - lo < 1) { lo -= 0.5; hi += 0.5; }
  const x = (t) => 40 + ((t - t0) / (t1 - t0)) * (w - 50);
  const y = (v) => h - 20 - ((v - lo) / (hi - lo)) * (h - 40);
  g.strokeStyle = '#e3e7ec';
  g.fillStyle = '#5b6573';
  g.font = '11px system-ui';
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    g.beginPath(); g.moveTo(40, y(v)); g.lineTo(w - 10, y(v)); g.stroke();
    g.fillText(v.toFixed(1), 4, y(v) + 4);
  }
  g.strokeStyle = '#0a7cff';
  g.lineWidth = 2;
  g.beginPath();
  pts.forEach(([t, v], i) => (i === 0 ? g.moveTo(x(t), y(v)) : g.lineTo(x(t), y(v))));
  g.stroke();
  const [lt, lv] = pts[pts.length - 1];
  g.fillStyle = '#0a7cff';
  g.beginPath(); g.arc(x(lt), y(lv), 3.5, 0, 2 * Math.PI); g.fill();
}

const imports = {
  web: {
    led(on) {
      demo.ledOn = on !== 0;
      demo.ledToggles++;
      led.classList.toggle('on', demo.ledOn);
      ledCount.textContent = `${demo.ledToggles} toggles`;
    },
    plot(seconds, celsius) {
      demo.points.push([seconds, celsius]);
      requestAnimationFrame(draw);
    },
  },
};

const stdout = (() => {
  let pending = '';
  return (text) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) addLine(line);
  };
})();

const mote = await start(fetch('web.wasm'), { imports, stdout, stderr: stdout, args: ['web'] });
status.textContent = 'running: the executor is polled from this page\u2019s event loop';
mote.exited.then((code) => {
  demo.exited = code;
  status.textContent = `the program exited with status ${code}`;
});

const encoder = new TextEncoder();
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = command.value.trim();
  command.value = '';
  if (text === '') return;
  addLine(`> ${text}`, 'you');
  // The module reads the line from its input buffer (96 bytes at most), then queues it for
  // handle_network; this handler is the platform's interrupt.
  const bytes = encoder.encode(text).subarray(0, 96);
  const at = mote.call('web_input_buffer');
  new Uint8Array(mote.memory.buffer, at, bytes.length).set(bytes);
  if (mote.call('web_input', bytes.length) === 0) addLine('(the console queue is full: line dropped)');
});
