import { configOrExit, withAppContext } from '../cli.js';

/** `npm run train:routing`: retrains the dispatch-suggestion model from labelled data and closed tickets. */
const config = configOrExit();
const { RoutingService } = await import('./routing.service.js');
await withAppContext(config, async (app) => {
  const report = await app.get(RoutingService).train('train:routing');
  process.stdout.write(`train:routing: model ${report.id} from ${report.labelled} labelled messages, ${report.taxonomy} taxonomy leaves, ${report.tickets} closed tickets, ${report.corrections} operators' corrections at accept or dispatch, idf over ${report.unlabelled} unlabelled posts (${report.labels} classes, ${report.terms} terms)\n`);
});
