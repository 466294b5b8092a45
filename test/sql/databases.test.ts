/** The two databases the SQL translator is checked against: DuckDB (embedded) and a real PostgreSQL server. */
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgresServer, PostgresServer } from "../support/postgres-server.js";

const available = hasPostgresServer();
if (!available) {
  if (process.env.NUDGEKIT_REQUIRE_POSTGRES === "1") throw new Error("PostgreSQL is required (NUDGEKIT_REQUIRE_POSTGRES=1) but initdb / postgres are not installed");
  console.warn("\n*** PostgreSQL is not installed: the PostgreSQL tests are SKIPPED here (CI runs them). apt-get install -y postgresql ***\n");
}

describe("DuckDB (embedded)", () => {
  it("runs a parameterised query: a hostile string stays a value", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll("select $1::varchar as text, 1 + 1 as two", ["x'); drop table users; --"]);
    expect(reader.getRowObjects()).toEqual([{ text: "x'); drop table users; --", two: 2 }]);
    connection.closeSync();
  });
});

describe.runIf(available)("PostgreSQL (a server started for the tests)", () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await PostgresServer.start();
  }, 60_000);
  afterAll(async () => {
    await server?.dispose();
  });

  it("runs a parameterised query: a hostile string stays a value", async () => {
    const client = new pg.Client(server.connection);
    await client.connect();
    const result = await client.query("select $1::text as text, 1 + 1 as two", ["x'); drop table users; --"]);
    expect(result.rows).toEqual([{ text: "x'); drop table users; --", two: 2 }]);
    await client.end();
  });
});
