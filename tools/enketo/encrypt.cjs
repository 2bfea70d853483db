// Encrypts a submission as Enketo's encryptor does (enketo-express, public/js/src/module/encryptor.js), with the same
// library and the same settings: node-forge, RSA-OAEP with SHA-256 (Enketo also passes "mgf" for MGF1-SHA-1, an option
// name forge does not read, so MGF1 uses SHA-256, as Briefcase and Collect do), AES-CFB with CBC's PKCS#7 padding,
// IV seed MD5(instanceID + key) with one byte incremented per file, the element signature with ODK Collect's trailing
// newline, and every text hashed as UTF-8 (the file names here are Cyrillic). Usage: node encrypt.cjs FORM.xml INSTANCE.xml OUTDIR [MEDIA...]. Writes OUTDIR/submission.xml (the manifest)
// and OUTDIR/<name>.enc for each file. Used by tests/Dalel.Web.Tests/FieldCapture/ForgeEncryptionTests.cs.
const fs = require('node:fs');
const path = require('node:path');
const forge = require('node-forge');

const [formPath, instancePath, outDir, ...mediaPaths] = process.argv.slice(2);
const form = fs.readFileSync(formPath, 'utf8');
const xml = fs.readFileSync(instancePath, 'utf8');
const formId = /<data[^>]*\sid="([^"]+)"/.exec(form)[1];
const version = /<data[^>]*\sversion="([^"]*)"/.exec(form)[1];
const publicKeyBase64 = /base64RsaPublicKey="([^"]+)"/.exec(form)[1];
const instanceId = /<instanceID>([^<]+)<\/instanceID>/.exec(xml)[1];

const options = { md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha1.create()) };
const publicKey = forge.pki.publicKeyFromPem(`-----BEGIN PUBLIC KEY-----${publicKeyBase64}-----END PUBLIC KEY-----`);
const rsa = (bytes) => forge.util.encode64(publicKey.encrypt(bytes, 'RSA-OAEP', options));
const md5 = (bytes) => { const md = forge.md.md5.create(); md.update(bytes); return md.digest(); };

const symmetricKey = forge.random.getBytesSync(32);
const encryptedKey = rsa(symmetricKey);
const seed = md5(instanceId + symmetricKey).getBytes().split('').map((c) => c.charCodeAt(0));
let counter = 0;
const nextIv = () => { seed[counter % seed.length]++; counter++; return seed.map((c) => String.fromCharCode(c & 0xff)).join(''); };
const encrypt = (buffer) => {
    const cipher = forge.cipher.createCipher('AES-CFB', symmetricKey);
    cipher.mode.pad = forge.cipher.modes.cbc.prototype.pad.bind(cipher.mode);
    cipher.start({ iv: nextIv() });
    cipher.update(buffer);
    if (!cipher.finish()) throw new Error('encryption failed');
    return Buffer.from(cipher.output.getBytes(), 'binary');
};

const elements = [formId];
if (version) elements.push(version);
elements.push(encryptedKey, instanceId);
const mediaNames = [];
for (const mediaPath of mediaPaths) {
    const bytes = fs.readFileSync(mediaPath).toString('binary');
    const name = path.basename(mediaPath);
    fs.writeFileSync(path.join(outDir, `${name}.enc`), encrypt(forge.util.createBuffer(bytes, 'raw')));
    elements.push(`${name}::${md5(bytes).toHex()}`);
    mediaNames.push(name);
}
fs.writeFileSync(path.join(outDir, 'submission.xml.enc'), encrypt(forge.util.createBuffer(xml, 'utf8')));
elements.push(`submission.xml::${md5(forge.util.encodeUtf8(xml)).toHex()}`);
const signature = rsa(md5(forge.util.encodeUtf8(`${elements.join("\n")}\n`)).getBytes());

const ns = 'http://opendatakit.org/submissions';
const manifest = `<data xmlns="${ns}" encrypted="yes" id="${formId}"${version ? ` version="${version}"` : ''}>`
    + `<base64EncryptedKey>${encryptedKey}</base64EncryptedKey>`
    + `<meta xmlns="http://openrosa.org/xforms"><instanceID>${instanceId}</instanceID></meta>`
    + mediaNames.map((n) => `<media><file>${n}.enc</file></media>`).join('')
    + `<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>`
    + `<base64EncryptedElementSignature>${signature}</base64EncryptedElementSignature></data>`;
fs.writeFileSync(path.join(outDir, 'submission.xml'), manifest);
