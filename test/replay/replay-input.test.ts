import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LATEST_EVENT_TIME, parseEventLine, parseUserLine, parseEventObject } from "../../src/replay/index.js";

describe("event lines", () => {
  it("says why a line cannot be replayed, with its number and a reason code", () => {
    expect(parseEventLine('{"userId":"u0', 7)).toEqual({ line: 7, reason: "not-json", message: expect.stringContaining("not JSON") });
    expect(parseEventLine("[1,2,3]", 8)).toEqual({ line: 8, reason: "not-an-object", message: "not a JSON object" });
    expect(parseEventLine("{}", 9)).toEqual({ line: 9, reason: "invalid-user-id", message: "userId must be a non-empty string or a number" });
    expect(parseEventLine('{"userId":"u","name":""}', 10)).toEqual({ line: 10, reason: "invalid-name", message: "name must be a non-empty string" });
    expect(parseEventLine('{"userId":"u","name":"a","time":"2026-11-01T10:00:00"}', 11)).toEqual({ line: 11, reason: "invalid-time", message: expect.stringContaining("with an offset") });
    expect(parseEventLine('{"userId":"u","name":"a","time":"not a date"}', 12)).toMatchObject({ line: 12, reason: "invalid-time" });
    expect(parseEventLine('{"userId":7,"name":"a","time":1000,"properties":{"x":1},"id":"e1"}', 13)).toEqual({ line: 13, userId: "7", time: 1000, event: { name: "a", time: 1000, id: "e1", properties: { x: 1 } } });
    expect(parseEventLine('{"userId":"u","name":"a","time":1000,"id":""}', 14)).toMatchObject({ line: 14, reason: "invalid-id" });
    expect(parseEventLine('{"userId":"u","name":"a","time":1000,"id":true}', 15)).toMatchObject({ line: 15, reason: "invalid-id" });
    expect(parseEventLine('{"userId":"u","name":"a","time":1000,"id":null}', 16)).toMatchObject({ line: 16, event: { name: "a", time: 1000 } });
  });

  it("the examples of parseEventObject's documentation", () => {
    expect(parseEventObject({ userId: 7, name: "purchase", time: 1000, properties: { amount: 12.5 } }, 3)).toEqual({ line: 3, userId: "7", time: 1000, event: { name: "purchase", time: 1000, properties: { amount: 12.5 } } });
    expect(parseEventObject({ userId: "u1", name: "purchase", time: 1000, properties: "cheap" }, 4)).toEqual({ line: 4, reason: "invalid-properties", message: 'properties must be an object, got "cheap"' });
  });

  it("the examples of parseEventLine's documentation", () => {
    expect(parseEventLine('{"userId":"u1","name":"app_open","time":"2026-11-23T19:00:00Z"}', 1)).toEqual({ line: 1, userId: "u1", time: 1795460400000, event: { name: "app_open", time: 1795460400000 } });
    expect(parseEventLine('{"userId":"u1","name":"app_open","time":-1}', 2)).toEqual({ line: 2, reason: "invalid-time", message: "time -1 is before 1970-01-01T00:00:00Z" });
  });

  it("refuses times before 1970 or after 9999 (the end of the Date range included), non-object properties and deep ones (issue 19)", () => {
    const line = (fields: Record<string, unknown>) => JSON.stringify({ userId: "u", name: "a", time: 1000, ...fields });
    expect(parseEventLine(line({ time: 8_640_000_000_000_000 }), 1)).toEqual({ line: 1, reason: "invalid-time", message: "time 8640000000000000 is after 9999-12-31T23:59:59.999Z" });
    expect(parseEventLine(line({ time: LATEST_EVENT_TIME }), 1)).toMatchObject({ time: LATEST_EVENT_TIME });
    expect(parseEventLine(line({ time: LATEST_EVENT_TIME + 1 }), 1)).toMatchObject({ reason: "invalid-time" });
    expect(parseEventLine(line({ time: "1969-12-31T23:59:59Z" }), 1)).toEqual({ line: 1, reason: "invalid-time", message: 'time "1969-12-31T23:59:59Z" is before 1970-01-01T00:00:00Z' });
    expect(parseEventLine(line({ time: 0 }), 1)).toMatchObject({ time: 0 });
    for (const properties of ["x", 1, true, null, [1]]) expect(parseEventLine(line({ properties }), 1)).toMatchObject({ reason: "invalid-properties" });
    const nested = (depth: number) => `{"userId":"u","name":"a","time":1,"properties":${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}}`;
    expect(parseEventLine(nested(64), 1)).toMatchObject({ event: { name: "a" } });
    expect(parseEventLine(nested(65), 1)).toEqual({ line: 1, reason: "invalid-properties", message: "properties nest deeper than 64 levels" });
    expect(parseEventLine(`{"userId":"u","name":"a","time":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, 1)).toEqual({ line: 1, reason: "invalid-time", message: "time an array is not epoch ms or an ISO 8601 instant with an offset" });
  });

  it("never throws, on any JSON or any text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((properties) => JSON.stringify({ userId: "u", name: "a", time: 1, properties }))), (text) => {
        const parsed = parseEventLine(text, 1);
        expect("event" in parsed || ("reason" in parsed && parsed.message.length > 0)).toBe(true);
      }),
    );
  });
});

describe("user lines", () => {
  it("needs an id, and warns about a time zone the engine will not use (the profile is kept)", () => {
    expect(parseUserLine('{"id":""}', 3)).toEqual({ line: 3, reason: "invalid-user-id", message: "id must be a non-empty string or a number" });
    expect(parseUserLine('{"id":"u1","timeZone":"Mars/Base"}', 3)).toEqual({
      line: 3,
      id: "u1",
      profile: { id: "u1", timeZone: "Mars/Base" },
      warnings: [{ line: 3, message: 'timeZone "Mars/Base" is not a known time zone: the config\'s time zone is used' }],
    });
    expect(parseUserLine('{"id":"u1","timeZone":"Europe/Paris"}', 3)).toMatchObject({ warnings: [] });
    expect(parseUserLine('{"id":"u1","timeZone":{"deep":[[[]]]}}', 3)).toMatchObject({ warnings: [{ message: "timeZone an object is not a known time zone: the config's time zone is used" }] });
  });
});
