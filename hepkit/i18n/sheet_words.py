"""The sheet's sentences: the program's one pain rule, in every form the sheet and handout say it,
and the words of the sheet's script (its counters, "Show my physio", "What's new"). Every sentence
goes through the language's catalog, as in words.py."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .words import gettext_for, number

if TYPE_CHECKING:  # the words know the content model's shapes, not its module: i18n sits below content
    from ..content.model import PainGuidance


# --- the pain rule ------------------------------------------------------------------------------

def pain_rule(pain: PainGuidance, language: str = "en") -> dict[str, str]:
    """Every sentence of the program's one pain rule (the pain-monitoring model), from its one limit.

    The pain box, each card's stop line, the call box and the sheet's pain answers all come from
    here, so they cannot disagree.
    """
    _, ngettext = gettext_for(language)
    limit = {"limit": number(pain.acceptable_up_to, language)}
    return {
        "title": _("Pain: what is OK"),
        "during": _("During the exercises, pain up to %(limit)s out of 10 is OK.") % limit,
        "after": _("After exercising, the pain should be back to its usual level by the next morning."),
        "weeks": _("From week to week, pain and stiffness should not build up."),
        "over": _("If the pain goes above %(limit)s out of 10, stop that exercise for today. "
                  "Next time do less: fewer reps or shorter holds.") % limit,
        "stop": _("Stop for today if the pain goes above %(limit)s out of 10.") % limit,
        "call": _("your pain has not settled by the next morning, even after you did less, "
                  "or your pain or stiffness keeps building up from week to week"),
        "model": _("This way of checking pain comes from research on Achilles tendon pain. "
                   "Physiotherapists use it for other tendons too."),
        "scale": _("0 means no pain. 10 means the worst pain you can imagine."),
        # The sheet's 0-10 buttons answer with these ({n} is the score the patient tapped).
        "ask_during": _("How much pain did you have during today's exercises?"),
        "ok_during": _("{n} out of 10 is OK: up to %(limit)s is fine. See how it feels tomorrow morning.") % limit,
        "high_during": _("{n} out of 10 is more than %(limit)s. Stop for today. Next time do less: fewer reps or "
                         "shorter holds. If it has not settled by tomorrow morning, call the clinic.") % limit,
        "ask_morning": _("How is your pain this morning?"),
        "ok_morning": _("{n} out of 10: your pain has settled. Carry on as planned."),
        "usual_morning": _("{n} out of 10: back to your usual morning level ({usual}), so it has settled. Carry on "
                           "as planned."),
        "above_usual": _("{n} out of 10 is more than your usual morning level ({usual}). It has not settled: do "
                         "less today. If it is still up tomorrow morning, call the clinic."),
        "after_high": _("{n} out of 10, after {during} during yesterday's exercises: it has not settled yet. Do "
                        "less today. If it is still up tomorrow morning, call the clinic."),
        "building": _("Your morning pain has gone up day after day this week ({from} to {n}): it is building up. "
                      "Do less, and call the clinic if it goes on."),
        "high_morning": _("{n} out of 10 is more than %(limit)s. It has not settled: do less today, and call the "
                          "clinic if it is not better tomorrow morning.") % limit,
    }


# --- the sheet script's words -------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def script_words(language: str = "en") -> dict[str, str]:
    """The buttons and lines sheet.js writes. {name} is filled in by the script."""
    _, ngettext = gettext_for(language)
    return {
        "start_hold": _("Start hold"), "pause": _("Pause"), "carry_on": _("Carry on"),
        "stop_hold": _("Stop this hold"), "get_ready": _("Get ready"), "add_rep": _("+1 rep"),
        "add_extra": _("+1 extra rep"), "undo": _("Undo"), "next_set": _("Next set"),
        "next_side": _("Next: {side}"), "again": _("Start this exercise again"),
        "set_of": _("Set {set} of {sets}"), "rep_of": _("{done} of {target}"),
        "hold_of": _("Hold {done} of {target}"), "extra": _("you may do {more} more"), "done": _("Done ✓"),
        "next_session": _("Start session {n}"), "time_left": _("Hold time left"), "session": _("Session {n}"),
        "session_extra": _("Session {n} (if you can)"), "sessions_status": _("{done} of {target} done today"),
        "sessions_done": _("All of today's sessions done ✓"), "week_status": _("{done} of {target} days this week"),
        "not_today": _("Not due today. Next: {day}"), "tick": _("Mark as done today"),
        "other_days": _("Other days"), "rest_day": _("Nothing is due today: a day off."),
        "review_passed": _("Your review date, {day}, has passed: ask your physio for a new sheet. You can go "
                           "on with these exercises until then."),
        "tick_lead": _("Tick each session when you have done these exercises:"),
        "cleared": _("Some saved progress on this phone could not be read, so it was cleared."),
        "no_storage": _("This browser cannot save your progress, so it goes when you close the page."),
        "timer_of": _("Hold timer for {title}"), "counter_of": _("Rep counter for {title}"),
        # After pain above the limit: what doing less means for each exercise due today.
        "do_less": _("Next time, for example: {list}."),
        "rest": _("Rest: {time}"), "skip_rest": _("Skip the rest"),
        # Translators: how the script names a day, e.g. "Mon 2 Nov"; keep {weekday}, {day} and {month}
        "date": _("{weekday} {day} {month}"),
    }


# --- what the sheet hands to the physio, and what it says when the prescription changed ----------

@functools.lru_cache(maxsize=16)
def handover_words(language: str = "en") -> dict[str, str]:
    """The words of "Show my physio", the reminders and "What's new" ({name} filled in by the script)."""
    _, ngettext = gettext_for(language)
    return {
        "show": _("Show my physio"), "hide": _("Hide the summary"),
        "heading": _("Your log from {from} to {to}"),
        "nothing": _("Nothing is logged on this phone yet. Tick your sessions and rate your pain, and the "
                     "summary fills in."),
        "weeks": _("Sessions, week by week"),
        "all_done": _("all done"), "some_done": _("some done"), "none_done": _("none done"),
        "day_off": _("nothing due"),
        "group": _("{label}: sessions done {done} of {due}"),
        "group_weekly": _("{label}: sessions done {done} ({per_week} a week)"),
        "pain": _("Pain (0–10); your limit is {limit}"), "during": _("during the exercises"),
        "morning": _("on waking"),
        "over": _("Days with pain during the exercises above {limit}: {n} of {rated} rated."),
        "rated": _("Days with pain rated: {n} of {days}."),
        "scan": _("Let your physio scan this code at your visit, or send them a photo of it."),
        "scan_parts": _("Your log needs {n} codes: let your physio scan each one."),
        "part": _("Code {n} of {total}"),
        "copy": _("Copy as text"), "copied": _("Copied: paste it into a message or an e-mail to your clinic."),
        "copy_failed": _("Copying did not work here: select the text below and copy it."),
        "share": _("Send…"),
        "text_title": _("My exercise log for {clinic}, {from} to {to} (sheet {code})"),
        "text_code": _("For hepkit (do not change the line below):"),
        "lost": _("This phone has no log of the days before today. If you ticked sessions here before, this "
                  "browser has cleared them: carry on from today, and tell your physio."),
        "lost_handed": _("This phone has no log of the days before today. Your physio has your log up to {day}: "
                         "carry on from today."),
        "changed_title": _("Your physio has changed your exercises"),
        "added": _("New: {list}."), "dose_changed": _("Changed: {title}, {old} → {new}."),
        "stopped": _("Stopped: {list}."), "got_it": _("OK, got it"),
    }
