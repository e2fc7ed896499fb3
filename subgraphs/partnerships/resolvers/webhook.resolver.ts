import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { transaction } from '../../../shared/database';
import { nonPublicReason } from '../../../shared/outbound-guard';
import { BadUserInputError, NotFoundError } from '../../../shared/errors';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { requirePartnerSelf } from '../access';
import type { PartnershipsContext } from '../context';
import { PartnerWebhook, WebhookEventType } from '../entities/partner-webhook.entity';
import { Partner } from '../entities/partner.entity';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { listFilter } from '../loaders';
import { now } from '../../../shared/clock';
import { wholeSeconds } from '../../../shared/time';

@InputType()
export class RegisterPartnerWebhookInput {
  @Field(() => ID, { nullable: true, description: "The partner (a PARTNER token's own; required for ADMIN)" })
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @Field({ description: 'Where deliveries are POSTed (https; http only outside production)' })
  @Length(8, 500)
  url: string;

  @Field({ description: 'The HMAC-SHA256 key, 24–200 characters; never shown again' })
  @Length(24, 200)
  secret: string;

  @Field(() => [WebhookEventType], { nullable: true, description: 'Default: all' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  events?: WebhookEventType[];
}

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDelivery) {}

@ArgsType()
export class DeliveryListArgs extends ConnectionArgs {
  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatus;
}

/**
 * Hosts a partner may not point deliveries at when private addresses are not allowed: a non-public
 * IP literal (shared/outbound-guard.ts) and names that are private by definition. A friendly first
 * check only: what protects is the delivery's connect-time check of the resolved address.
 */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return true;
  return isIP(host) !== 0 && nonPublicReason(host) !== null;
}

export function validateWebhookUrl(raw: string, production: boolean, allowPrivateAddresses = !production): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadUserInputError('url', 'url is not a URL');
  }
  if (url.username || url.password) throw new BadUserInputError('url', 'url carries no credentials (sign with the secret instead)');
  if (production ? url.protocol !== 'https:' : !['http:', 'https:'].includes(url.protocol)) {
    throw new BadUserInputError('url', production ? 'url must be https' : 'url must be http or https');
  }
  if (!allowPrivateAddresses && isPrivateHost(url.hostname)) throw new BadUserInputError('url', 'url must point at a public host');
  return url.toString();
}

@Resolver(() => PartnerWebhook)
export class PartnerWebhookResolver {
  /** The owner: the resolvers that reach a webhook (Partner.webhooks, the mutations) already checked. */
  @FieldResolver(() => WebhookDeliveryConnection, { nullable: true, description: 'The delivery log, oldest first (the partner itself, ADMIN)' })
  async deliveries(@Root() webhook: PartnerWebhook, @Args() args: DeliveryListArgs, @Ctx() ctx: PartnershipsContext) {
    requirePartnerSelf(ctx.identity, webhook.partnerId);
    return ctx.loaders.deliveriesByWebhookId.load({
      parentId: webhook.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: listFilter({ status: args.status }),
    });
  }

  /** A PARTNER for itself, ADMIN for any partner. */
  @Authorized('PARTNER', 'ADMIN')
  @Mutation(() => PartnerWebhook, { nullable: true, description: 'Register an endpoint for signed deliveries of programme and internship changes (the partner itself, ADMIN)' })
  async registerPartnerWebhook(
    @Arg('input', () => RegisterPartnerWebhookInput) input: RegisterPartnerWebhookInput,
    @Ctx() { identity, db, config }: PartnershipsContext,
  ): Promise<PartnerWebhook> {
    const partnerId = input.partnerId ?? identity.partnerId;
    if (!partnerId) throw new BadUserInputError('partnerId', 'Name the partner');
    requirePartnerSelf(identity, partnerId);
    const url = validateWebhookUrl(input.url, config.production, config.partnerWebhooks.allowPrivateAddresses);
    return transaction(db, async (tx) => {
      if (!(await tx.getRepository(Partner).existsBy({ id: partnerId }))) throw new NotFoundError('Partner', partnerId);
      const webhook = tx.getRepository(PartnerWebhook).create({
        id: randomUUID(),
        partnerId,
        url,
        secret: input.secret,
        events: [...new Set(input.events ?? Object.values(WebhookEventType))],
        active: true,
        createdAt: wholeSeconds(now()),
      });
      await tx.getRepository(PartnerWebhook).insert(webhook);
      return webhook;
    });
  }

  /** Stops new deliveries; pending ones are marked FAILED by the worker. The partner itself, ADMIN. */
  @Authorized('PARTNER', 'ADMIN')
  @Mutation(() => PartnerWebhook, { nullable: true, description: 'Stop deliveries to a webhook (the partner itself, ADMIN)' })
  async deactivatePartnerWebhook(@Arg('id', () => ID) id: string, @Ctx() { identity, db }: PartnershipsContext): Promise<PartnerWebhook> {
    return transaction(db, async (tx) => {
      const webhook = await tx.getRepository(PartnerWebhook).findOneBy({ id });
      if (!webhook) throw new NotFoundError('PartnerWebhook', id);
      requirePartnerSelf(identity, webhook.partnerId);
      await tx.getRepository(PartnerWebhook).update({ id }, { active: false });
      return Object.assign(webhook, { active: false });
    });
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => [WebhookAttempt], { description: 'Every attempt, first first: time, HTTP status, error, duration' })
  async attemptLog(@Root() delivery: WebhookDelivery, @Ctx() { loaders }: PartnershipsContext): Promise<WebhookAttempt[]> {
    return loaders.attemptsByDeliveryId.load(delivery.id);
  }
}

@Resolver(() => Partner)
export class PartnerWebhooksResolver {
  @FieldResolver(() => [PartnerWebhook], { nullable: true, description: "The partner's webhooks (the partner itself, ADMIN)" })
  async webhooks(@Root() partner: Partner, @Ctx() { identity, loaders }: PartnershipsContext): Promise<PartnerWebhook[]> {
    requirePartnerSelf(identity, partner.id);
    return loaders.webhooksByPartnerId.load(partner.id);
  }
}
