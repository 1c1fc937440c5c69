#!/usr/bin/env node
// RIS to CSL-JSON with Citation.js (@citation-js/core and plugin-ris), for
// scripts/compare-csl.sh. usage: NODE_PATH=.../node_modules node ris-to-csl.js FILE
'use strict';
const fs = require('fs');
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

const file = process.argv[2];
if (!file) {
  console.error('usage: ris-to-csl.js FILE');
  process.exit(2);
}
try {
  const cite = new Cite(fs.readFileSync(file, 'utf8'), { forceType: '@ris/file' });
  const items = cite.data.map(({ _graph, ...rest }) => rest);
  process.stdout.write(JSON.stringify(items, null, 2) + '\n');
} catch (e) {
  console.error(`citation-js: ${e && e.message ? e.message : e}`);
  process.exit(1);
}
