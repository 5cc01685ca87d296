import { describe, expect, it } from "vitest";
import { aSlaPolicy } from "../../test/fixtures";
import { clockMinutes, FALLBACK_TIME_ZONES, formatTarget, placeServerError, timeZoneOptions, toFormValues, toUpdate } from "./slaForm";

const berlin = {
  timezone: "Europe/Berlin",
  week: {
    monday: [
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "17:00" },
    ],
    tuesday: [{ start: "09:00", end: "17:00" }],
    wednesday: [],
    thursday: [],
    friday: [{ start: "08:00", end: "24:00" }],
    saturday: [],
    sunday: [],
  },
};

describe("the SLA policy form", () => {
  it("writes targets as people say them", () => {
    expect(formatTarget(30)).toBe("30 min");
    expect(formatTarget(60)).toBe("1 h");
    expect(formatTarget(90)).toBe("1 h 30 min");
    expect(formatTarget(72 * 60)).toBe("3 d");
    expect(formatTarget(36 * 60)).toBe("1 d 12 h");
    expect(formatTarget(1440 + 5)).toBe("1 d 5 min");
    expect(formatTarget(null)).toBe("—");
  });

  it("gives back the body the server took, closed days without hours", () => {
    const policy = aSlaPolicy({ business_hours: berlin });
    policy.targets.low.business_hours = true;
    expect(toUpdate(toFormValues(policy))).toEqual({ targets: policy.targets, business_hours: berlin });
    const values = toFormValues(policy);
    values.week.monday.open = false; // the hours stay in the form, but a closed day sends none
    expect(toUpdate(values).business_hours?.week.monday).toEqual([]);
    values.week.monday.open = true;
    expect(toUpdate(values).business_hours?.week.monday).toHaveLength(2);
  });

  it("sends no calendar when it is off, and starts a new one as Monday-Friday 09:00-17:00", () => {
    const values = toFormValues(aSlaPolicy());
    expect(values.calendar).toBe(false);
    expect(toUpdate(values)).toEqual({ targets: aSlaPolicy().targets, business_hours: null });
    values.calendar = true;
    values.timezone = "UTC";
    const week = toUpdate(values).business_hours?.week;
    expect(week?.monday).toEqual([{ start: "09:00", end: "17:00" }]);
    expect(week?.friday).toEqual([{ start: "09:00", end: "17:00" }]);
    expect(week?.saturday).toEqual([]);
  });

  it("reads clock times, 24:00 ending a day", () => {
    expect(clockMinutes("09:30")).toBe(570);
    expect(clockMinutes("24:00")).toBe(1440);
    expect(clockMinutes("24:01")).toBeNull();
    expect(clockMinutes("9:30")).toBeNull();
  });

  it("puts the server's field errors on the fields they name", () => {
    expect(placeServerError("targets.urgent.first_response_minutes", "Expected `int` >= 1")).toEqual([
      { name: ["targets", "urgent", "first_response_minutes"], message: "Expected `int` >= 1" },
    ]);
    expect(placeServerError("business_hours.week.monday.1.start", "Expected `str`")).toEqual([
      { name: ["week", "monday", "intervals", 1, "start"], message: "Expected `str`" },
    ]);
    expect(placeServerError("business_hours.timezone", "too long")).toEqual([{ name: ["timezone"], message: "too long" }]);
    expect(
      placeServerError("business_hours", "'Mars/Base' is not an IANA time zone (e.g. Europe/Berlin); monday: intervals must be in order and not overlap; at least one day needs working hours"),
    ).toEqual([
      { name: ["timezone"], message: "'Mars/Base' is not an IANA time zone (e.g. Europe/Berlin)" },
      { name: ["week", "monday", "open"], message: "intervals must be in order and not overlap" },
      { area: "calendar", message: "at least one day needs working hours" },
    ]);
    expect(placeServerError("at_risk_minutes", "is not a known field")).toEqual([{ area: "form", message: "at_risk_minutes: is not a known field" }]);
  });

  it("offers the browser's time zones, or a fallback list, always with UTC and the stored zone", () => {
    const zones = timeZoneOptions("Europe/Berlin");
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Asia/Tokyo");
    expect(new Set(zones).size).toBe(zones.length);
    const fallback = timeZoneOptions("America/Argentina/Ushuaia", () => {
      throw new TypeError("Intl.supportedValuesOf is not a function");
    });
    expect(fallback).toEqual(expect.arrayContaining([...FALLBACK_TIME_ZONES, "America/Argentina/Ushuaia"]));
    expect(fallback[0]).toBe("UTC");
  });
});
