import * as esbuild from 'esbuild';
// Bundles the demo's Scenes pages (src/main.tsx) with Grafana's published libraries into
// dist/scenes-app.js, which the demo Grafana serves as /public/build/scenes-app.js.

// @grafana/plugin-compat probes for host APIs that newer or older @grafana/runtime versions
// export (`typeof fn === 'function'`), naming them in static ESM imports; a bundler refuses a
// named import the pinned runtime lacks. Such a name becomes `undefined`, which is what the
// probe expects; the names the runtime has stay imports of the one runtime everything shares.
const fs = await import('node:fs');
const path = await import('node:path');
const { fileURLToPath } = await import('node:url');
process.chdir(path.dirname(fileURLToPath(import.meta.url)));
/** The names a module of the pinned @grafana/runtime exports (`export { a, b as c } …`). */
function exportsOf(spec) {
  const file = { '@grafana/runtime': 'index.mjs', '@grafana/runtime/unstable': 'unstable.mjs' }[spec];
  const text = fs.readFileSync(`node_modules/@grafana/runtime/dist/esm/${file}`, 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/export \{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  }
  return names;
}
const compatProbes = {
  name: 'plugin-compat-probes',
  setup(build) {
    build.onLoad({ filter: /@grafana[\\/]plugin-compat[\\/]dist[\\/]esm[\\/].*\.mjs$/ }, (args) => {
      const src = fs.readFileSync(args.path, 'utf8').replace(
        /import \{([^}]*)\} from '(@grafana\/runtime[^']*)';/g,
        (_, names, from) => {
          const have = exportsOf(from);
          const kept = [];
          const absent = [];
          for (const x of names.split(',').map((y) => y.trim()).filter(Boolean)) {
            const [orig, alias] = x.split(/\s+as\s+/);
            if (have.has(orig)) kept.push(x);
            else absent.push(`const ${alias || orig} = undefined;`);
          }
          return `${kept.length ? `import { ${kept.join(', ')} } from '${from}';` : ''}\n${absent.join('\n')}`;
        },
      );
      return { contents: src, loader: 'js' };
    });
  },
};
// @grafana/ui's Link goes through react-router-dom-v5-compat, which runs on react-router-dom 5
// (its peer), while @grafana/scenes wants 6: Grafana's own app has both. The compat layer gets
// version 5 under another name; everything else gets 6.
const routerV5ForCompat = {
  name: 'router-v5-for-compat',
  setup(build) {
    build.onResolve({ filter: /^react-router-dom$/ }, async (args) => {
      if (!/react-router-dom-v5-compat/.test(args.importer)) return undefined;
      const r = await build.resolve('react-router-dom-v5', { kind: args.kind, resolveDir: args.resolveDir });
      return { path: r.path };
    });
  },
};
await esbuild.build({
  entryPoints: ['src/main.tsx'],
  bundle: true,
  format: 'iife',
  outfile: 'dist/scenes-app.js',
  // DEMO_SCENES_DEBUG=1: readable stacks while working on the pages.
  minify: !process.env.DEMO_SCENES_DEBUG,
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.svg': 'text', '.woff2': 'empty', '.woff': 'empty', '.ttf': 'empty' },
  plugins: [compatProbes, routerV5ForCompat],
  logLevel: 'warning',
  logLimit: 0,
});

// The Inter faces @grafana/ui's GlobalStyles load from `public/fonts/inter/` (Grafana ships
// them there; Grafana 13 uses Inter 4), served by the demo from dist/fonts.
const fontDir = 'dist/fonts/inter';
fs.mkdirSync(fontDir, { recursive: true });
for (const face of ['Regular', 'Medium', 'Italic', 'MediumItalic']) {
  fs.copyFileSync(`node_modules/inter-ui/web/Inter-${face}.woff2`, `${fontDir}/Inter-${face}.woff2`);
}
