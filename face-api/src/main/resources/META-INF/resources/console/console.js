// The Visage console: a page for people, over the same REST API any client uses. No build step: plain modules.
// The API key is kept in this tab's sessionStorage only, and sent as a bearer token.
const KEY = 'visage.apiKey';
const $ = (selector, root = document) => root.querySelector(selector);

const photos = new Map();

function apiKey() {
  return sessionStorage.getItem(KEY) || '';
}

function collection() {
  return $('#collection').value.trim() || 'default';
}

/** Calls the API; resolves with data, or shows the typed error (with its suggestion) and rejects. */
async function call(path, options = {}) {
  hideError();
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.headers || {}), Authorization: `Bearer ${apiKey()}` },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body || body.success === false) {
    showError(body && body.error_type ? body : {
      error_type: `http_${response.status}`, error: response.statusText, suggestion: 'Try again.' });
    throw new Error(body && body.error || response.statusText);
  }
  return body.data;
}

function showError(error) {
  const box = $('#error');
  $('.type', box).textContent = error.error_type;
  $('.message', box).textContent = error.error + (error.image ? ` (${error.image})` : '');
  $('.suggestion', box).textContent = error.suggestion || '';
  box.hidden = false;
}

function hideError() {
  $('#error').hidden = true;
}

/** Draws the photo scaled into the canvas, and returns the scale used, for drawing faces on it. */
async function drawPhoto(canvas, file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(640 / bitmap.width, 640 / bitmap.height, 1);
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  canvas.dataset.scale = String(scale);
  canvas.dataset.faces = '0';
  return scale;
}

/** The face's box and five landmarks over the photo, with its quality (and liveness) as a label. */
function drawFace(canvas, face, label) {
  const scale = Number(canvas.dataset.scale || 1);
  const g = canvas.getContext('2d');
  const b = face.box;
  g.lineWidth = 3;
  g.strokeStyle = '#1f883d';
  g.strokeRect(b.x * scale, b.y * scale, b.width * scale, b.height * scale);
  g.fillStyle = '#fbca04';
  for (const point of Object.values(face.landmarks || {})) {
    g.beginPath();
    g.arc(point[0] * scale, point[1] * scale, 3, 0, 2 * Math.PI);
    g.fill();
  }
  if (label) {
    g.font = '14px system-ui';
    const y = Math.max(16, b.y * scale - 6);
    g.fillStyle = 'rgba(36, 41, 47, .8)';
    g.fillRect(b.x * scale, y - 14, g.measureText(label).width + 8, 18);
    g.fillStyle = '#fff';
    g.fillText(label, b.x * scale + 4, y);
  }
  canvas.dataset.faces = String(Number(canvas.dataset.faces) + 1);
}

function faceText(face) {
  if (!face) return '';
  const parts = [];
  if (face.quality) {
    parts.push(`quality ${face.quality.for_recognition}` +
      (face.quality.reasons.length ? ` (${face.quality.reasons.join(', ')})` : ''));
  }
  if (face.liveness) parts.push(`liveness ${face.liveness.score.toFixed(3)}${face.liveness.live ? ' live' : ' not live'}`);
  return parts.join(' · ');
}

async function choose(slot, file) {
  photos.set(slot.dataset.slot, file);
  $('.face', slot).textContent = file.name || 'camera photo';
  await drawPhoto($('canvas', slot), file);
}

async function verify() {
  const form = new FormData();
  for (const name of ['image1', 'image2']) {
    if (photos.has(name)) form.append(name, photos.get(name), photos.get(name).name || `${name}.jpg`);
  }
  const liveness = $('#verify-liveness').checked ? '?liveness=true' : '';
  const data = await call(`/api/v1/verify${liveness}`, { method: 'POST', body: form });
  data.faces.forEach((summary, i) => {
    const slot = $(`.slot[data-slot="image${i + 1}"]`);
    const canvas = $('canvas', slot);
    drawPhoto(canvas, photos.get(`image${i + 1}`)).then(() => drawFace(canvas, summary.face,
      summary.face.quality ? summary.face.quality.for_recognition : ''));
    $('.face', slot).textContent = `${summary.face_count} face(s); ${faceText(summary.face)}`;
  });
  const verdict = $('#verdict');
  verdict.hidden = false;
  verdict.className = `verdict ${data.verified ? 'same' : 'different'}`;
  $('.result', verdict).textContent = data.verified ? 'Same person' : 'Different people';
  $('.similarity', verdict).value = Math.max(0, data.similarity);
  $('.numbers', verdict).textContent = `similarity ${data.similarity.toFixed(3)} · threshold ${data.threshold}`;
}

async function createSubject(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { external_id: form.get('external_id'), name: form.get('name') || null };
  const data = await call(`/api/v1/subjects?collection=${encodeURIComponent(collection())}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  $('#subject-created').textContent = `Created ${data.external_id}: ${data.id}`;
  $('#enrol-form [name=subject]').value = data.id;
}

async function enrol(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const subject = form.get('subject');
  const upload = new FormData();
  upload.append('image', form.get('image'));
  const data = await call(`/api/v1/subjects/${encodeURIComponent(subject)}/faces?collection=${encodeURIComponent(collection())}`,
    { method: 'POST', body: upload });
  $('#enrolled').textContent = `Enrolled face ${data.face_id}; ${faceText(data)}`;
}

async function identify(event) {
  event.preventDefault();
  const file = new FormData(event.target).get('image');
  const upload = new FormData();
  upload.append('image', file);
  upload.append('all_faces', 'true');
  const data = await call(`/api/v1/identify?collection=${encodeURIComponent(collection())}`, { method: 'POST', body: upload });
  const canvas = $('#identify-canvas');
  await drawPhoto(canvas, file);
  const list = $('#matches');
  list.replaceChildren();
  for (const found of data.faces) {
    const best = found.matches[0];
    drawFace(canvas, found.face, best ? (best.external_id || best.name || 'match') : 'unknown');
    const item = document.createElement('li');
    item.textContent = best
      ? found.matches.map(m => `${m.external_id || m.subject_id} (${m.similarity.toFixed(3)})`).join(', ')
      : `no match at or above ${data.threshold}`;
    list.append(item);
  }
}

async function openCamera(slot) {
  const dialog = $('#camera-dialog');
  const video = $('video', dialog);
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' } });
  } catch (e) {
    showError({ error_type: 'camera_unavailable', error: e.message,
      suggestion: 'Allow the camera for this page (it needs https or localhost), or choose a photo file.' });
    return;
  }
  video.srcObject = stream;
  dialog.showModal();
  const stop = () => { stream.getTracks().forEach(t => t.stop()); dialog.close(); };
  $('#close-camera').onclick = stop;
  $('#capture').onclick = () => {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    canvas.toBlob(blob => {
      stop();
      choose(slot, new File([blob], `${slot.dataset.slot}.jpg`, { type: 'image/jpeg' }));
    }, 'image/jpeg', 0.92);
  };
}

function ignoreShownFailure(promise) {
  promise.catch(() => {});
}

document.addEventListener('DOMContentLoaded', () => {
  $('#api-key').value = apiKey();
  $('#key-state').textContent = apiKey() ? 'key set for this tab' : '';
  $('#key-form').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('#api-key').value.trim());
    $('#key-state').textContent = 'key set for this tab';
  });
  for (const slot of document.querySelectorAll('#verify .slot')) {
    $('input[type=file]', slot).addEventListener('change', e => e.target.files[0] && choose(slot, e.target.files[0]));
    $('button.camera', slot).addEventListener('click', () => openCamera(slot));
  }
  $('#verify-button').addEventListener('click', () => ignoreShownFailure(verify()));
  $('#subject-form').addEventListener('submit', e => ignoreShownFailure(createSubject(e)));
  $('#enrol-form').addEventListener('submit', e => ignoreShownFailure(enrol(e)));
  $('#identify-form').addEventListener('submit', e => ignoreShownFailure(identify(e)));
  document.body.dataset.ready = 'true';
});
