import type { ApolloServer } from '@apollo/server';
import express, { Router, type Request, type Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';
import { PUBLIC_IDENTITY, signInternalToken, type Identity } from '../../shared/platform/auth';
import { now } from '../../shared/platform/clock';
import type { Config } from '../../shared/platform/config';
import type { Logger } from '../../shared/platform/logger';
import { dateRange, identifierOf, METADATA_FORMATS, metadataPrefix, OaiError, parseRequest, recordIdOf, utcSeconds, type MetadataPrefix, type OaiRequest } from './protocol';
import { readResumptionToken, signResumptionToken, type ListState } from './resumption';

/**
 * The OAI-PMH 2.0 provider (docs/oai-pmh.md): `GET /oai?verb=…` and `POST /oai` (form-encoded),
 * for harvesters such as Indonesia OneSearch. Public, like the catalogue: no token is needed and
 * none is used — every request runs as PUBLIC, so a token never adds member data or anything the
 * public does not see. Each request runs one GraphQL operation through the gateway's own
 * ApolloServer (`executeOperation`, as /reports does): the same plan, limits, timeouts and error
 * masking as a client's request, and the collections subgraph's public OAI queries
 * (subgraphs/collections/oai/) answer one page with a handful of queries.
 */

const OAI_ATTRIBUTES = {
  '@_xmlns': 'http://www.openarchives.org/OAI/2.0/',
  '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  '@_xsi:schemaLocation': 'http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd',
};

// Metadata arrives as XML from the collections subgraph; it is put where a comment marks its place.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', commentPropName: '#comment', suppressEmptyNode: true, processEntities: true });

type Xml = Record<string, unknown>;

interface RecordRow {
  id: string;
  datestamp: string;
  deleted: boolean;
  sets: string[];
  metadata: string | null;
}

const RECORD_FIELDS = 'id datestamp deleted sets metadata';
const PAGE_QUERY = `query OaiRecords($set: ID, $from: DateTime, $until: DateTime, $after: String, $first: Int!, $format: OaiMetadataFormat, $count: Boolean!) {
  oaiRecords(set: $set, from: $from, until: $until, after: $after, first: $first, format: $format, count: $count) {
    completeListSize nextAfter records { ${RECORD_FIELDS} }
  }
}`;
const RECORD_QUERY = `query OaiRecord($id: ID!, $format: OaiMetadataFormat) { oaiRecord(id: $id, format: $format) { ${RECORD_FIELDS} } }`;
const IDENTIFY_QUERY = 'query OaiIdentify { oaiRepository { earliestDatestamp } }';
const SETS_QUERY = 'query OaiSets { libraries { id name } }';

/** The catalogue did not answer: HTTP 503 with Retry-After, which harvesters honour. */
class Unavailable extends Error {}

type Execute = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function oaiRouter<C extends { identity: Identity; internalToken: string }>(apollo: ApolloServer<C>, config: Config, log: Logger): Router {
  const router = Router();
  const settings = config.oai;

  const execute: Execute = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await apollo.executeOperation(
      { query, variables },
      { contextValue: { identity: PUBLIC_IDENTITY, internalToken: await signInternalToken(PUBLIC_IDENTITY, config.gatewaySecret) } as C },
    );
    if (response.body.kind !== 'single') throw new Unavailable('incremental answer');
    const { data, errors } = response.body.singleResult;
    if (errors?.length || !data) {
      log.warn({ errors: errors?.map((e) => e.extensions?.code) }, 'OAI-PMH: the catalogue did not answer');
      throw new Unavailable(errors?.[0]?.message ?? 'no data');
    }
    return data as T;
  };

  const header = (r: RecordRow): Xml => ({
    ...(r.deleted ? { '@_status': 'deleted' } : {}),
    identifier: identifierOf(r.id, settings.repositoryId),
    datestamp: utcSeconds(new Date(r.datestamp)),
    setSpec: r.sets,
  });

  /** A page of ListIdentifiers/ListRecords, from the first request's arguments or a token's state. */
  async function list(
    verb: 'ListIdentifiers' | 'ListRecords',
    state: Omit<ListState, 'verb' | 'after' | 'cursor' | 'completeListSize'> & Partial<ListState>,
    metadata: string[],
  ): Promise<Xml> {
    const { from, until } = dateRange(state.from, state.until);
    const first = state.after === undefined;
    const { oaiRecords: page } = await execute<{ oaiRecords: { completeListSize: number | null; nextAfter: string | null; records: RecordRow[] } }>(PAGE_QUERY, {
      set: state.set ?? null,
      from: from?.toISOString() ?? null,
      until: until?.toISOString() ?? null,
      after: state.after ?? null,
      first: settings.pageSize,
      format: verb === 'ListRecords' ? METADATA_FORMATS[state.metadataPrefix].format : null,
      count: first,
    });
    if (first && !page.records.length) throw new OaiError('noRecordsMatch', 'No record matches these arguments');
    const completeListSize = page.completeListSize ?? state.completeListSize ?? page.records.length;
    const cursor = state.cursor ?? 0;
    const items =
      verb === 'ListIdentifiers'
        ? { header: page.records.map(header) }
        : {
            record: page.records.map((r) => {
              if (r.metadata === null) return { header: header(r) };
              metadata.push(r.metadata);
              return { header: header(r), metadata: { '#comment': `oai-metadata-${metadata.length - 1}` } };
            }),
          };
    let token: Xml | undefined;
    if (page.nextAfter) {
      const expiresAt = new Date(Date.now() + settings.tokenTtl * 1000);
      const next: ListState = {
        verb,
        metadataPrefix: state.metadataPrefix,
        ...(state.set ? { set: state.set } : {}),
        ...(state.from ? { from: state.from } : {}),
        ...(state.until ? { until: state.until } : {}),
        after: page.nextAfter,
        cursor: cursor + page.records.length,
        completeListSize,
      };
      token = {
        '@_expirationDate': utcSeconds(expiresAt),
        '@_completeListSize': completeListSize,
        '@_cursor': cursor,
        '#text': await signResumptionToken(next, config.gatewaySecret, expiresAt),
      };
    } else if (!first) {
      // The last page of a list sent in several: an empty token closes it.
      token = { '@_completeListSize': completeListSize, '@_cursor': cursor };
    }
    return { [verb]: { ...items, ...(token ? { resumptionToken: token } : {}) } };
  }

  async function answer(request: OaiRequest, baseUrl: string, metadata: string[]): Promise<Xml> {
    const { verb, args } = request;
    switch (verb) {
      case 'Identify': {
        const { oaiRepository } = await execute<{ oaiRepository: { earliestDatestamp: string | null } }>(IDENTIFY_QUERY);
        return {
          Identify: {
            repositoryName: settings.repositoryName,
            baseURL: baseUrl,
            protocolVersion: '2.0',
            adminEmail: settings.adminEmail,
            earliestDatestamp: utcSeconds(oaiRepository.earliestDatestamp ? new Date(oaiRepository.earliestDatestamp) : now()),
            deletedRecord: 'persistent',
            granularity: 'YYYY-MM-DDThh:mm:ssZ',
            description: {
              'oai-identifier': {
                '@_xmlns': 'http://www.openarchives.org/OAI/2.0/oai-identifier',
                '@_xsi:schemaLocation': 'http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd',
                scheme: 'oai',
                repositoryIdentifier: settings.repositoryId,
                delimiter: ':',
                sampleIdentifier: identifierOf('5f0c2a52-0000-4000-8000-000000000001', settings.repositoryId),
              },
            },
          },
        };
      }
      case 'ListMetadataFormats': {
        if (args.identifier !== undefined) {
          const record = await recordOf(args.identifier, null);
          // A tombstone has no metadata left to disseminate.
          if (record.deleted) throw new OaiError('noMetadataFormats', `${args.identifier} has been deleted: no metadata formats are available for it`);
        }
        return {
          ListMetadataFormats: {
            metadataFormat: Object.entries(METADATA_FORMATS).map(([prefix, f]) => ({ metadataPrefix: prefix, schema: f.schema, metadataNamespace: f.namespace })),
          },
        };
      }
      case 'ListSets': {
        // All the sets fit in one answer: a token was never issued for this list.
        if (args.resumptionToken !== undefined) throw new OaiError('badResumptionToken', 'ListSets is answered in full: it issues no resumption tokens');
        const { libraries } = await execute<{ libraries: { id: string; name: string }[] }>(SETS_QUERY);
        return { ListSets: { set: [...libraries].sort((a, b) => a.id.localeCompare(b.id)).map((l) => ({ setSpec: l.id, setName: l.name })) } };
      }
      case 'GetRecord': {
        const prefix = metadataPrefix(args.metadataPrefix);
        const record = await recordOf(args.identifier, prefix);
        if (record.metadata === null) return { GetRecord: { record: { header: header(record) } } };
        metadata.push(record.metadata);
        return { GetRecord: { record: { header: header(record), metadata: { '#comment': `oai-metadata-${metadata.length - 1}` } } } };
      }
      case 'ListIdentifiers':
      case 'ListRecords': {
        if (args.resumptionToken !== undefined) {
          const state = await readResumptionToken(args.resumptionToken, config.gatewaySecret);
          if (state.verb !== verb) throw new OaiError('badResumptionToken', `This resumption token continues ${state.verb}, not ${verb}`);
          return list(verb, state, metadata);
        }
        const prefix = metadataPrefix(args.metadataPrefix);
        return list(verb, { metadataPrefix: prefix, set: args.set, from: args.from, until: args.until }, metadata);
      }
    }
  }

  async function recordOf(identifier: string, prefix: MetadataPrefix | null): Promise<RecordRow> {
    const id = recordIdOf(identifier, settings.repositoryId);
    const found = id ? (await execute<{ oaiRecord: RecordRow | null }>(RECORD_QUERY, { id, format: prefix ? METADATA_FORMATS[prefix].format : null })).oaiRecord : null;
    if (!found) throw new OaiError('idDoesNotExist', `${identifier} is not an identifier of this repository`);
    return found;
  }

  async function handle(req: Request, res: Response, params: Record<string, unknown>): Promise<void> {
    const baseUrl = settings.baseUrl ?? `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    const metadata: string[] = [];
    let request: OaiRequest | null = null;
    let body: Xml;
    try {
      request = parseRequest(params);
      body = await answer(request, baseUrl, metadata);
    } catch (err) {
      if (err instanceof Unavailable) {
        res.status(503).set('retry-after', '30').type('text/plain').send('The catalogue is unavailable: try again later\n');
        return;
      }
      if (!(err instanceof OaiError)) throw err;
      // After badVerb or badArgument the request element carries no attributes (OAI-PMH 3.2).
      if (err.code === 'badVerb' || err.code === 'badArgument') request = null;
      body = { error: { '@_code': err.code, '#text': err.message } };
    }
    const requestAttributes = request ? Object.fromEntries(Object.entries({ verb: request.verb, ...request.args }).map(([k, v]) => [`@_${k}`, v])) : {};
    const xml = builder.build({
      '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
      'OAI-PMH': { ...OAI_ATTRIBUTES, responseDate: utcSeconds(now()), request: { ...requestAttributes, '#text': baseUrl }, ...body },
    });
    res
      .status(200)
      .type('text/xml; charset=utf-8')
      .set('cache-control', 'no-store')
      .send(xml.replace(/<!--oai-metadata-(\d+)-->/g, (_m, i: string) => metadata[Number(i)]));
  }

  router.get('/', (req, res, next) => handle(req, res, req.query as Record<string, unknown>).catch(next));
  router.post('/', express.urlencoded({ extended: false, limit: '16kb' }), (req, res, next) => handle(req, res, (req.body ?? {}) as Record<string, unknown>).catch(next));
  return router;
}
