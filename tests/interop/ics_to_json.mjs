// Parse an .ics file with Mozilla's ical.js (the parser Thunderbird uses) and print what it read
// as JSON, so the Python tests can compare it with mmsched.expand.
//
// Usage: node ics_to_json.mjs FILE.ics
// Exit 0 with JSON on stdout; exit 1 with the parser's message on stderr when parsing fails.
//
// Every VTIMEZONE of the file is registered first: ical.js treats a TZID it does not know as
// floating time without complaint, so the output also says which zone each start resolved to.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: node ics_to_json.mjs FILE.ics\n");
  process.exit(2);
}

function timeOut(time) {
  if (!time) return null;
  const out = { value: time.toString(), isDate: time.isDate, zone: time.zone ? time.zone.tzid : null };
  if (!time.isDate) {
    out.utc = time.convertToZone(ICAL.Timezone.utcTimezone).toString();
  }
  return out;
}

try {
  const text = readFileSync(file, "utf8");
  const root = new ICAL.Component(ICAL.parse(text));
  const timezones = root.getAllSubcomponents("vtimezone");
  for (const tz of timezones) {
    ICAL.TimezoneService.register(tz);
  }
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status"),
      summary: event.summary,
      description: event.description,
      start: timeOut(event.startDate),
      end: timeOut(event.endDate),
      startTzid: vevent.getFirstProperty("dtstart").getParameter("tzid") || null,
      stamp: vevent.getFirstPropertyValue("dtstamp").toString(),
      categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
      alarms: vevent.getAllSubcomponents("valarm").map((alarm) => ({
        action: alarm.getFirstPropertyValue("action"),
        trigger: alarm.getFirstPropertyValue("trigger").toString(),
        description: alarm.getFirstPropertyValue("description"),
      })),
    };
  });
  const out = {
    prodid: root.getFirstPropertyValue("prodid"),
    version: root.getFirstPropertyValue("version"),
    method: root.getFirstPropertyValue("method"),
    calscale: root.getFirstPropertyValue("calscale"),
    calname: root.getFirstPropertyValue("x-wr-calname"),
    timezones: timezones.map((tz) => tz.getFirstPropertyValue("tzid")),
    events,
  };
  process.stdout.write(JSON.stringify(out) + "\n");
} catch (error) {
  process.stderr.write(`ical.js could not parse ${file}: ${error && error.message}\n`);
  process.exit(1);
}
