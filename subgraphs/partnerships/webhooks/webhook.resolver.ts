import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { normalisePage } from '../../../shared/platform/pagination';
import { requirePartnerSelf } from '../access';
import type { PartnershipsContext } from '../context';
import { listFilter } from '../list-filter';
import { Partner } from '../partners/partner.entity';
import { PartnerWebhook } from './partner-webhook.entity';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { DeliveryListArgs, RegisterPartnerWebhookInput } from './webhook.inputs';
import { deactivatePartnerWebhook, registerPartnerWebhook, rotatePartnerWebhookSecret } from './webhook.service';
import { WebhookDeliveryConnection } from './webhook.types';

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
    @Arg('input', () => RegisterPartnerWebhookInput, { description: 'The endpoint, its events and optionally its secret' }) input: RegisterPartnerWebhookInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, config }: PartnershipsContext,
  ): Promise<PartnerWebhook> {
    return registerPartnerWebhook({ identity, db, config }, input, idempotencyKey);
  }

  /** A new secret, answered once; the old one still signs for WEBHOOK_SECRET_OVERLAP_HOURS. The partner itself, ADMIN. */
  @Authorized('PARTNER', 'ADMIN')
  @Mutation(() => PartnerWebhook, {
    nullable: true,
    description:
      'Replace the signing secret with a new whsec_ secret, answered once in signingSecret; deliveries carry both signatures for WEBHOOK_SECRET_OVERLAP_HOURS (default 24), then only the new one (the partner itself, ADMIN)',
  })
  async rotatePartnerWebhookSecret(
    @Arg('id', () => ID, { description: 'The webhook whose secret is replaced' }) id: string,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, config }: PartnershipsContext,
  ): Promise<PartnerWebhook> {
    return rotatePartnerWebhookSecret({ identity, db, config }, id, idempotencyKey);
  }

  /** Stops new deliveries; pending ones are marked FAILED by the worker. The partner itself, ADMIN. */
  @Authorized('PARTNER', 'ADMIN')
  @Mutation(() => PartnerWebhook, { nullable: true, description: 'Stop deliveries to a webhook (the partner itself, ADMIN)' })
  async deactivatePartnerWebhook(@Arg('id', () => ID, { description: "The webhook's id" }) id: string, @Ctx() { identity, db }: PartnershipsContext): Promise<PartnerWebhook> {
    return deactivatePartnerWebhook(identity, db, id);
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
