// Age, gender, head pose, landmarks and eye states from faceplugin-face-recognition-js@0.0.1's own lib/fr_age.js,
// fr_gender.js, fr_pose.js, fr_landmark.js and fr_eye.js, for AttributesParityTest. As liveness-reference.mjs: the
// package's files unchanged but for two import specifiers, its own opencv.js, the photos decoded by the Java side
// (RGBA, as cv.imread gives in a browser) with the face box; everything from there on is the package's code.
// predictEye answers only a boolean per eye, so the eye session is wrapped to keep what it returned, put through the
// package's own softmax; predictPose answers its angles with toFixed(2), which is all the precision it gives.
//   node attributes-reference.mjs <dir with lib/ and opencv.cjs> <models dir> <dir of *.json + *.rgba>
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, modelsDir, photosDir] = process.argv.slice(2);
const require = createRequire(pathToFileURL(path.join(packageDir, 'package.json')));
const loading = require(path.join(packageDir, 'opencv.cjs'));
globalThis.cv = await new Promise(resolve => loading.then(module => { delete module.then; resolve(module); }));

const ort = require('onnxruntime-node');
const lib = file => import(pathToFileURL(path.join(packageDir, 'lib', file)));
const { predictAge } = await lib('fr_age.js');
const { predictGender } = await lib('fr_gender.js');
const { predictPose, softmax } = await lib('fr_pose.js');
const { predictLandmark } = await lib('fr_landmark.js');
const { predictEye } = await lib('fr_eye.js');
const session = file => ort.InferenceSession.create(path.join(modelsDir, file));
const [age, gender, pose, landmark, eye] = await Promise.all(
  ['fr_age.onnx', 'fr_gender.onnx', 'fr_pose.onnx', 'fr_landmark.onnx', 'fr_eye.onnx'].map(session));
const eyeProbabilities = [];
const recordingEye = {
  run: async feeds => {
    const output = await eye.run(feeds);
    eyeProbabilities.push(Array.from(softmax(output.output.data)));
    return output;
  },
};

const results = {};
console.log = () => {};
for (const file of readdirSync(photosDir).filter(f => f.endsWith('.json') && f !== 'results.json').sort()) {
  const photo = JSON.parse(readFileSync(path.join(photosDir, file), 'utf8'));
  const rgba = readFileSync(path.join(photosDir, photo.pixels));
  const mat = new cv.Mat(photo.height, photo.width, cv.CV_8UC4);
  mat.data.set(rgba);
  cv.imread = () => mat.clone();
  const bbox = { shape: [1, 4], data: photo.box };
  const [yaw, pitch, roll] = (await predictPose(pose, photo.name, bbox))[0].slice(4).map(Number);
  const landmarks = await predictLandmark(landmark, photo.name, bbox);
  eyeProbabilities.length = 0;
  const [closed] = await predictEye(recordingEye, photo.name, landmarks);
  results[photo.name] = {
    age: (await predictAge(age, photo.name, bbox))[0][4],
    gender: (await predictGender(gender, photo.name, bbox))[0][4],
    yaw, pitch, roll,
    landmarks: Array.from(landmarks[0]),
    // predictEye's order: the eye on the photo's left (the subject's right) first.
    eyeClosed: closed,
    eyeProbabilities: [...eyeProbabilities],
  };
  mat.delete();
}
writeFileSync(path.join(photosDir, 'results.json'), JSON.stringify(results));
