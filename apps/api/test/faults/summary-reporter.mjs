// A node:test reporter that prints only the closing line 'N passed, N failed' (used beside the spec reporter).
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    // count tests, not the suites around them
    if (event.type === 'test:pass' && event.data.details?.type !== 'suite') passed++;
    if (event.type === 'test:fail' && event.data.details?.type !== 'suite') failed++;
  }
  yield `${passed} passed, ${failed} failed\n`;
}
