// Liveness scores from faceplugin-face-recognition-js@0.0.1's own lib/fr_liveness.js, for LivenessParityTest.
// The package's files are copied unchanged except two import specifiers (onnxruntime-web -> onnxruntime-node, and
// "./fr_pose" -> "./fr_pose.js", which Node's ESM loader needs); opencv.js is the package's own build.
// The photos come decoded by the Java side (RGBA, the layout cv.imread gives in a browser) with the face box, so
// both sides start from the same pixels and box; everything from there on is the package's code.
//   node liveness-reference.mjs <dir with lib/ and opencv.cjs> <fr_liveness.onnx> <dir of *.json + *.rgba>
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, modelPath, photosDir] = process.argv.slice(2);
const require = createRequire(pathToFileURL(path.join(packageDir, 'package.json')));
const loading = require(path.join(packageDir, 'opencv.cjs'));
globalThis.cv = await new Promise(resolve => loading.then(module => { delete module.then; resolve(module); }));

const ort = require('onnxruntime-node');
const { predictLiveness } = await import(pathToFileURL(path.join(packageDir, 'lib', 'fr_liveness.js')));
const session = await ort.InferenceSession.create(modelPath);

const scores = {};
console.log = () => {};
for (const file of readdirSync(photosDir).filter(f => f.endsWith('.json') && f !== 'scores.json').sort()) {
  const photo = JSON.parse(readFileSync(path.join(photosDir, file), 'utf8'));
  const rgba = readFileSync(path.join(photosDir, photo.pixels));
  const mat = new cv.Mat(photo.height, photo.width, cv.CV_8UC4);
  mat.data.set(rgba);
  cv.imread = () => mat.clone();
  const bbox = { shape: [1, 4], data: photo.box };
  const result = await predictLiveness(session, photo.name, bbox);
  scores[photo.name] = result[0][4];
  mat.delete();
}
writeFileSync(path.join(photosDir, 'scores.json'), JSON.stringify(scores));
