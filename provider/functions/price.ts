import type * as pulumi from "@pulumi/pulumi";
import { apiCalls, functionClient, type InputArgs, outputOf } from "../runtime/programContext";

/** Price of buying instances, or of renewing one (the same inquiry: RenewRedis charges the period's price). */
export interface GetPurchasePriceArgs {
  order: "buy" | "renew";
  zoneId: number;
  /** 1 cluster, 2 standalone. */
  typeId: number;
  /** MB, a multiple of 1024. */
  memSize: number;
  /** Months: 1-12, 24, 36. */
  period: number;
  /** How many instances (default 1). */
  goodsNum?: number;
}

/** Price of growing an instance to `memSize` MB. */
export interface GetUpgradePriceArgs {
  order: "upgrade";
  instanceId: string;
  memSize: number;
}

/** Arguments of {@link getPrice}. */
export type GetPriceArgs = GetPurchasePriceArgs | GetUpgradePriceArgs;

/** The result of {@link getPrice}. */
export interface GetPriceResult {
  order: GetPriceArgs["order"];
  /** In 0.01 CNY, as the API answers. */
  price: number;
}

/**
 * The price of an order: buy or renew by InquiryRedisPrice, upgrade by UpgradeRedisInquiryPrice. Nothing is bought.
 * @param args - the order
 */
export async function getPrice(args: GetPriceArgs): Promise<GetPriceResult> {
  const client = await functionClient();
  if (args.order === "upgrade") {
    const { price } = await (await apiCalls()).upgradeRedisInquiryPrice(client, {
      redisId: args.instanceId,
      memSize: args.memSize,
    });
    return { order: args.order, price };
  }
  const { price } = await (await apiCalls()).inquiryRedisPrice(client, {
    zoneId: args.zoneId,
    typeId: args.typeId,
    memSize: args.memSize,
    period: args.period,
    goodsNum: args.goodsNum ?? 1,
  });
  return { order: args.order, price };
}

/**
 * {@link getPrice} as an Output.
 * @param args - the order (Inputs)
 */
export function getPriceOutput(
  args: InputArgs<GetPurchasePriceArgs> | InputArgs<GetUpgradePriceArgs>,
): pulumi.Output<GetPriceResult> {
  return outputOf(getPrice, args as InputArgs<GetPriceArgs>);
}
