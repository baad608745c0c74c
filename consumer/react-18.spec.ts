import { consumerSuite } from './support/consumerSuite';

consumerSuite('18');
