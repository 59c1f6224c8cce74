// Validates every object of a multi-document YAML file against the Kubernetes
// OpenAPI schemas (kubernetes-models) and the Prometheus operator's CRDs,
// offline. Prints one line per object; exits 1 if any is invalid or unknown.
// usage: node validate_objects.mjs FILE   (run from where the packages are installed)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const modules = process.cwd() + '/node_modules';
const YAML = createRequire(modules + '/')('yaml');
const docs = YAML.parseAllDocuments(readFileSync(process.argv[2], 'utf8')).map((d) => d.toJSON()).filter(Boolean);
if (docs.length === 0) { console.log('INVALID no objects'); process.exit(1); }

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = group === 'monitoring.coreos.com' ? `@kubernetes-models/prometheus-operator/${group}`
                                                : `kubernetes-models${group ? '/' + group : ''}`;
  // The packages export ES modules only, by file: import the file itself.
  const mod = await import(pathToFileURL(`${modules}/${pkg}/${version}/${kind}.js`));
  return mod[kind] ?? mod.default;
}

for (const o of docs) {
  const name = `${o.kind} ${o.metadata?.name}`;
  try {
    const Model = await modelFor(o.apiVersion, o.kind);
    new Model(o).validate();
    console.log(`ok ${name}`);
  } catch (e) {
    console.log(`INVALID ${name}: ${e.message.split('\n').slice(0, 6).join(' ')}`);
    process.exitCode = 1;
  }
}
