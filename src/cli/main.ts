// `sitrep extract` loads the extractor alone (about 0.1 s to start instead of 0.5 s for the whole
// desk: store drivers, web server, analysis); every other command loads the full CLI.
if (process.argv[2] === 'extract' && !process.argv.includes('--help') && !process.argv.includes('-h')) {
  const [{ Command }, { addExtractCommand }, { runProgram }, { createLogger }, { clockFromEnv }] = await Promise.all([
    import('commander'),
    import('./extract-command.js'),
    import('./run-program.js'),
    import('../log.js'),
    import('../clock.js'),
  ]);
  const logger = createLogger();
  const program = new Command().name('sitrep');
  addExtractCommand(program, {
    clock: clockFromEnv(),
    log: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    out: (v) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
  });
  await runProgram(program, process.argv, () => logger);
} else {
  const { main } = await import('./index.js');
  await main(process.argv);
}
