import { describe, expect, test } from "vitest";
import { stripQuotedReply } from "../../src/email/index.js";

const REPLY = "Thanks, that fixed it!\n\nOne more question: can I export the data?";

describe("stripQuotedReply", () => {
  test.each([
    ["Gmail, attribution wrapped over two lines", `${REPLY}\n\nOn Mon, Jan 5, 2026 at 10:00 AM Acme Support <\nreply+1-abc@in.example> wrote:\n\n> Try clearing the cache.\n> Best, Ann`],
    ["Apple Mail", `${REPLY}\n\n> On 5 Jan 2026, at 10:00, Ann <ann@acme.example> wrote:\n> \n> Try clearing the cache.`],
    ["Thunderbird / Yahoo one-line attribution", `${REPLY}\n\nOn 05/01/2026 10:00, Ann wrote:\n> Try clearing the cache.`],
    ["Outlook separator", `${REPLY}\n\n-----Original Message-----\nFrom: Ann <ann@acme.example>\nSent: Monday, January 5, 2026 10:00 AM\nTo: me@x.example\nSubject: Re: Help\n\nTry clearing the cache.`],
    ["Outlook underscore line with header block", `${REPLY}\n\n________________________________\nFrom: Ann <ann@acme.example>\nSent: Monday, January 5, 2026 10:00\nTo: me@x.example\nSubject: Re: Help\n\nTry clearing the cache.`],
    ["Outlook header block without a separator", `${REPLY}\n\nFrom: Ann <ann@acme.example>\nDate: Monday, January 5, 2026 10:00\nTo: me@x.example\n\nTry clearing the cache.`],
    ["French", `${REPLY}\n\nLe lun. 5 janv. 2026 à 10:00, Ann <ann@acme.example> a écrit :\n> Essayez de vider le cache.`],
    ["German", `${REPLY}\n\nAm 05.01.2026 um 10:00 schrieb Ann <ann@acme.example>:\n> Cache leeren.`],
    ["Spanish", `${REPLY}\n\nEl lun, 5 ene 2026 a las 10:00, Ann (<ann@acme.example>) escribió:\n> Borra la caché.`],
    ["Russian", `${REPLY}\n\n5 янв. 2026 г., в 10:00, Ann <ann@acme.example> пишет:\n> Очистите кэш.`],
    ["German Outlook separator", `${REPLY}\n\n-----Ursprüngliche Nachricht-----\nVon: Ann\nGesendet: Montag\n\nCache leeren.`],
    ["a bare trailing > quote", `${REPLY}\n\n> Try clearing the cache.\n> Best, Ann\n`],
    ["a signature after '-- '", `${REPLY}\n-- \nJane Doe\nCTO, Example Inc.`],
    ["a mobile signature", `${REPLY}\n\nSent from my iPhone\n\nOn Mon, Jan 5, 2026 at 10:00 AM Ann <ann@acme.example> wrote:\n> hi`],
    ["CRLF line endings", `${REPLY}\r\n\r\nOn Mon, Jan 5, 2026 at 10:00 AM Ann <ann@acme.example> wrote:\r\n> hi\r\n`.replace(/(?<!\r)\n/g, "\r\n")],
  ])("%s", (_name, text) => {
    expect(stripQuotedReply(text)).toBe(REPLY);
  });

  test.each([
    ["plain text without history", "Hello,\nplease call me back.\n\nJane"],
    ["'wrote:' in the middle of a sentence", "On Monday we wrote: the plan is fine\nand kept going."],
    ["an answer between quotes (inline reply) keeps the quotes", "> Does it work?\nYes.\n> And the export?\nAlso yes."],
    ["a line starting with From: in prose", "From: my side it looks fine.\nThanks"],
  ])("keeps %s", (_name, text) => {
    expect(stripQuotedReply(text)).toBe(text);
  });

  test("a message that is only history gives an empty reply", () => {
    expect(stripQuotedReply("On Mon, Jan 5, 2026 at 10:00 AM Ann <ann@acme.example> wrote:\n> hi")).toBe("");
  });
});
