import type * as pulumi from "@pulumi/pulumi";
import * as api from "../../api";
import { callContextOrReason, tracing, userLine } from "../../runtime/context";
import { pollerKey, processShared } from "../../wait";
import { checkInstanceInputs, type SaleRules, type SaleSpec, staticSaleRules } from "./instanceInputs";

/** One instance type on sale in a zone (DescribeRedisProduct `data.types.<typeId>`). @internal */
export interface CatalogueType {
  typeName: string;
  minMemSize: number;
  maxMemSize: number;
}

/** A zone of the catalogue: listed by DescribeRedisZones, with the types DescribeRedisProduct sells there. @internal */
export interface CatalogueZone {
  zoneId: number;
  name: string;
  types: ReadonlyMap<number, CatalogueType>;
}

/** What the account may buy, read from the cloud. @internal */
export interface Catalogue {
  zones: ReadonlyMap<number, CatalogueZone>;
}

/** The catalogue calls are made during preview: a catalogue that does not answer soon is given up for the static rules. */
const CATALOGUE_DEADLINE_MS = 10_000;

/**
 * Joins the two answers: a zone is on sale when DescribeRedisZones lists it; its types are DescribeRedisProduct's
 * (a listed zone without types sells nothing).
 * @internal
 */
export function catalogueOf(zones: api.DescribeRedisZonesResult, products: api.DescribeRedisProductResult): Catalogue {
  const byZone = new Map(products.zones.map((z) => [z.zoneId, z]));
  const out = new Map<number, CatalogueZone>();
  for (const z of zones.zones) {
    const product = byZone.get(z.zoneId);
    const types = new Map<number, CatalogueType>();
    for (const t of Object.values(product?.types ?? {})) {
      types.set(t.type, { typeName: t.typeName, minMemSize: t.minMemSize, maxMemSize: t.maxMemSize });
    }
    out.set(z.zoneId, { zoneId: z.zoneId, name: z.name, types });
  }
  return { zones: out };
}

/** Reads the catalogue (both actions at once). */
export async function fetchCatalogue(client: api.CrsClient): Promise<Catalogue> {
  const [zones, products] = await Promise.all([
    api.describeRedisZones(client),
    api.describeRedisProduct(client, { typeId: 0 }),
  ]);
  return catalogueOf(zones, products);
}

const ZONES_RULE = "DescribeRedisZones";
const PRODUCT_RULE = "DescribeRedisProduct";

/**
 * The rules of a catalogue: the zone must be listed, the type sold there, the size within that type's range there.
 * Only fields that are new or changed are judged (see SaleRules).
 * @internal
 */
export function catalogueRules(catalogue: Catalogue): SaleRules {
  return (spec: SaleSpec, changed) => {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (spec.zoneId === undefined) return failures;
    const zone = catalogue.zones.get(spec.zoneId);
    const listed = [...catalogue.zones.values()]
      .filter((z) => z.types.size > 0)
      .map((z) => z.zoneId)
      .join(", ");
    if (!zone) {
      if (changed("zoneId")) {
        failures.push({
          property: "zoneId",
          reason:
            `zone ${spec.zoneId} does not sell Redis: the catalogue (${ZONES_RULE}) lists zones ${listed}` +
            " (rule from the catalogue)",
        });
      }
      return failures;
    }
    if (zone.types.size === 0) {
      if (changed("zoneId")) {
        failures.push({
          property: "zoneId",
          reason:
            `zone ${spec.zoneId} (${zone.name}) sells no Redis type now: the catalogue (${PRODUCT_RULE}) lists none ` +
            `there; zones on sale: ${listed} (rule from the catalogue)`,
        });
      }
      return failures;
    }
    if (spec.typeId === undefined) return failures;
    const type = zone.types.get(spec.typeId);
    if (!type) {
      if (changed("zoneId") || changed("typeId")) {
        failures.push({
          property: "typeId",
          reason:
            `typeId ${spec.typeId} is not sold in zone ${spec.zoneId} (${zone.name}): the catalogue (${PRODUCT_RULE}) ` +
            `sells typeId ${[...zone.types.keys()].join(", ")} there (rule from the catalogue)`,
        });
      }
      return failures;
    }
    const mem = spec.memSize;
    if (mem !== undefined && (changed("memSize") || changed("zoneId") || changed("typeId"))) {
      if (mem < type.minMemSize || mem > type.maxMemSize) {
        failures.push({
          property: "memSize",
          reason:
            `memSize ${mem} MB is not sold for typeId ${spec.typeId} (${type.typeName}) in zone ${spec.zoneId}: the ` +
            `catalogue (${PRODUCT_RULE}) sells [${type.minMemSize}, ${type.maxMemSize}] MB there (rule from the catalogue)`,
        });
      }
    }
    return failures;
  };
}

/**
 * The catalogue of this endpoint, account and region, read once per process (the answer, or the failure, is kept).
 * `undefined` when there are no credentials or the catalogue cannot be read: the static rules then apply.
 * @internal
 */
export function catalogue(): Promise<Catalogue | undefined> {
  const ctx = callContextOrReason();
  if (typeof ctx === "string") return Promise.resolve(undefined); // e.g. no credentials: the static rules serve
  const { settings } = ctx;
  const key = pollerKey("catalogue", settings.endpoints.crs2017, settings.credentials.secretId, settings.region);
  return processShared(key, () =>
    fetchCatalogue(new api.CrsClient({ settings, deadlineMs: CATALOGUE_DEADLINE_MS })).catch((err: unknown) => {
      if (tracing()) {
        userLine(
          `the catalogue could not be read (${err instanceof Error ? err.message : String(err)}); ` +
            "zone, type and size are checked by the documented static rules",
        );
      }
      return undefined;
    }),
  );
}

/**
 * `check` of an Instance with the catalogue's rules when it can be read, else the documented static ones.
 * @internal
 */
export async function checkWithCatalogue(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const c = await catalogue();
  return checkInstanceInputs(olds, news, c ? catalogueRules(c) : staticSaleRules);
}
