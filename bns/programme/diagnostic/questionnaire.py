"""The self-assessment questionnaire (step 2 of seed 002, "an objective analysis of where the group stands"): ONE registry.

Eight maturity dimensions (brief section 5), three questions each. Every question has five anchored levels: the
respondent picks the statement that best describes the group today, 1 (disorder) to 5 (optimised). The question
codes (``profiles_1``...) are what ``DiagnosticAnswer.question`` stores; renaming one orphans its answers (they are
then ignored by the results), so codes never change once used. Texts are translated (gettext_lazy); the anchors are
written for a French car-dealership group: dealerships (concessions), departments (VN, VO, APV, parts...), the
executive committee (CoDir), real-world networks (business clubs, CCI, service clubs).

The arithmetic (``dimension_level`` / ``maturity_index`` below):
- a dimension's score is the mean of all the answers given to its questions (each answer weighs the same);
- its maturity level 1-5 is that mean rounded half up (2.5 -> 3);
- its baseline maturity index 0-100 is (mean - 1) / 4 x 100 (a mean of 1 is 0, 3 is 50, 5 is 100);
- the group's overall score is the mean of the dimensions' scores (each dimension weighs the same), with the same
  level and index.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

LEVELS = (1, 2, 3, 4, 5)

# The maturity scale of the brief (section 5).
MATURITY_LEVELS: dict[int, str] = {
    1: _("disorder"),
    2: _("initial"),
    3: _("structured"),
    4: _("managed"),
    5: _("optimised"),
}


@dataclass(frozen=True)
class Question:
    code: str
    dimension: str
    text: str  # gettext_lazy
    levels: tuple[str, str, str, str, str]  # the anchored statements of levels 1..5 (gettext_lazy)

    def level_text(self, level: int) -> str:
        return self.levels[level - 1]


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str  # gettext_lazy
    description: str  # gettext_lazy: what the dimension covers
    questions: tuple[Question, ...]


def _dimension(key: str, label, description, questions: list[tuple]) -> Dimension:
    return Dimension(key=key, label=label, description=description, questions=tuple(
        Question(code=f"{key}_{n}", dimension=key, text=text, levels=tuple(levels))
        for n, (text, levels) in enumerate(questions, start=1)
    ))


DIMENSIONS: tuple[Dimension, ...] = (
    _dimension("leadership_governance", _("Leadership and governance"), _(
        "Who owns networking at the executive committee, whether the leaders show the way, and the group's rules."), [
        (_("Who owns networking at the executive committee (CoDir)?"), (
            _("Nobody: networking is nobody's job at the CoDir; at best a community manager with no authority."),
            _("A CoDir member is interested but has no mandate, no time and no budget for it."),
            _("A process owner is named at the CoDir, but the subject comes up only now and then."),
            _("The process owner reports to the CoDir regularly, with a sponsor and a budget."),
            _("Networking is a standing item of the CoDir: the process owner steers it with figures and every director "
              "answers for their part."),
        )),
        (_("Do the group's leaders network visibly themselves?"), (
            _("The leaders are absent from social and real-world networks, or their profiles are empty."),
            _("A few leaders post now and then, on their own: one-man shows that get likes and little more."),
            _("Most executives and site directors have a complete profile and post from time to time."),
            _("Executives and site directors post, relay their teams and attend local networks regularly, and tell their "
              "teams about it."),
            _("Every leader is an example the teams quote: they share, introduce colleagues and bring business from "
              "their networks."),
        )),
        (_("Are there rules for networking in the group (policy, charter, who speaks for the group)?"), (
            _("No rules: everyone posts, joins clubs and contacts prospects as they see fit."),
            _("Informal habits, different in each dealership, written nowhere."),
            _("A written charter exists, but few employees have read it."),
            _("Most employees have acknowledged the charter and managers refer to it."),
            _("Everyone has acknowledged the charter; it is reviewed every year and applied: breaches are discussed and "
              "corrected."),
        )),
    ]),
    _dimension("strategy_objectives", _("Strategy and objectives"), _(
        "Why the group networks, the objectives it sets itself and how dealerships and departments are coordinated."), [
        (_("Why does the group network: is there a shared vision?"), (
            _("Nobody can say why we network: “it is a thing for young people”."),
            _("Everyone has their own idea; nothing is written."),
            _("A vision is written, but only the CoDir knows it."),
            _("Managers know the vision and explain it to new hires."),
            _("Every employee can say in one sentence why the group networks and what it brings to customers."),
        )),
        (_("Does the group have networking objectives that are measurable and dated (SMART)?"), (
            _("No objective at all."),
            _("Vague wishes, such as “be more present on LinkedIn”."),
            _("Some objectives are set, but they are not measured or have no deadline."),
            _("SMART objectives per dealership or department, measured now and then."),
            _("SMART objectives for the group, each dealership and each department, measured every month and tied to "
              "business results."),
        )),
        (_("Is networking coordinated across dealerships and departments (new and used vehicles, after-sales, parts, "
           "HR, marketing...)?"), (
            _("Each dealership and department does its own thing; marketing and sales sometimes work against each other."),
            _("Some coordination between two or three departments, out of personal affinity."),
            _("A common plan exists, but departments apply it unevenly."),
            _("Most departments follow a common plan, with a named coordinator."),
            _("Every department and dealership follows one plan, reviewed together; overlaps and gaps are settled quickly."),
        )),
    ]),
    _dimension("profiles", _("Profiles"), _(
        "The employees' professional profiles on social networks: complete, personal, up to date."), [
        (_("How complete are the employees' professional profiles (LinkedIn first)?"), (
            _("Few employees have a professional profile; most are empty or outdated."),
            _("About a quarter have a usable profile; photos, headlines and positions are uneven."),
            _("About half have a complete profile naming their dealership."),
            _("Most customer-facing employees have a complete profile naming their dealership, with a clear headline."),
            _("Every customer-facing employee has a complete profile naming the group: photo, headline, contact details "
              "and recommendations."),
        )),
        (_("Do profiles state a positioning (whom the employee helps and how) rather than a job title or an advert?"), (
            _("No positioning: a job title at best, or the brochure pasted as it is."),
            _("A few employees wrote a personal headline."),
            _("About half say whom they help and how."),
            _("Most profiles carry a personal positioning that the employee owns."),
            _("Every profile carries a sincere, personal positioning that customers recognise."),
        )),
        (_("Are the profiles kept up to date (position, dealership, brands, contact details)?"), (
            _("Nobody checks: profiles still show former jobs or former dealerships."),
            _("Updated only when someone thinks of it."),
            _("Updated at each change of job, dealership or brand."),
            _("Checked with the manager twice a year."),
            _("Checked at every quarterly review: the figures are in the tool and the gaps are followed up."),
        )),
    ]),
    _dimension("activity", _("Activity"), _(
        "What the employees do on social networks for their work: how many, how often, how well."), [
        (_("How many employees are active on social networks for their work (posting, sharing, commenting, connecting)?"), (
            _("Hardly anyone, apart from one or two enthusiasts."),
            _("Fewer than a quarter of the customer-facing employees, erratically."),
            _("About half, from time to time."),
            _("Most of them, every month."),
            _("Nearly all of them, every week, in their own words."),
        )),
        (_("Is the activity relevant and well paced, rather than erratic or intrusive (prospects bombarded with messages)?"), (
            _("Either nothing, or bursts of messages to prospects who asked for nothing."),
            _("Occasional posts, mostly relayed adverts; some contacts complain."),
            _("Regular posts with some of the employees' own content; solicitations are not counted."),
            _("A planned pace, own and relayed content balanced; solicitations are counted and capped."),
            _("Activity is planned, personal and useful to its audience; nobody is over-solicited; engagement is measured."),
        )),
        (_("Do employees relay the group's content and create their own?"), (
            _("Marketing's content is not relayed and nobody creates any."),
            _("A few employees relay it now and then."),
            _("Content is relayed regularly, rarely with a personal word."),
            _("Most relay it with a personal word; some create their own (deliveries, customer stories, workshop tips)."),
            _("Employees create as much as they relay: the best content comes from the field."),
        )),
    ]),
    _dimension("real_networks", _("Real networks"), _(
        "The group's presence in real-world networks: business clubs, chambers of commerce, associations, service and "
        "sports clubs."), [
        (_("Does the group know which real-world networks its employees attend (business clubs, CCI, associations, "
           "service clubs, sports clubs)?"), (
            _("Nobody knows who goes where."),
            _("Some managers know it for their own team."),
            _("A list exists for some dealerships."),
            _("A group-wide list of networks and members is kept up to date."),
            _("The list is complete and current, with each employee's role in each network and what it brought."),
        )),
        (_("Are target networks chosen, each with a named lead?"), (
            _("No targets: everyone goes where they like."),
            _("Targets in mind, but no lead named."),
            _("Targets per dealership, some with a lead."),
            _("Targets per dealership, each with a named lead, reviewed every year."),
            _("Every target is covered by its lead and overlaps are coordinated: two colleagues never discover each other "
              "at the same club."),
        )),
        (_("Is the presence in networks followed up (events attended, contacts made, business brought)?"), (
            _("Never."),
            _("Anecdotally, when someone tells a story."),
            _("Events are listed, not what came of them."),
            _("Events attended and contacts made are logged."),
            _("Events, contacts and the business they bring are logged and reviewed with each network's lead."),
        )),
    ]),
    _dimension("sharing_culture", _("Sharing culture"), _(
        "Whether employees open their address books: visible contacts, introductions, referrals between departments."), [
        (_("Do employees make their contacts visible to colleagues (discoverable or shared)?"), (
            _("Address books stay in each person's phone: “my contacts are mine”."),
            _("A few share with their own team."),
            _("About half of the relationships logged are visible to colleagues."),
            _("Most relationships are discoverable or shared, by choice."),
            _("Sharing is the norm and trusted, because owners keep control: they see who looked and decide what is shared."),
        )),
        (_("When a colleague asks for an introduction, what happens?"), (
            _("Nobody asks, or requests go unanswered."),
            _("Introductions happen between friends only."),
            _("Requests are answered, often late."),
            _("Most requests are answered within the agreed deadline."),
            _("Requests are answered quickly, introductions are prepared together and the owner hears how it went."),
        )),
        (_("Do employees refer leads to other departments (new vehicles to after-sales, used vehicles to financing, "
           "after-sales to new vehicles...)?"), (
            _("Never: each department keeps its customers."),
            _("Now and then, between colleagues who get along."),
            _("Referrals happen, but nobody tracks them."),
            _("Referrals are tracked and rewarded (a bonus once the deal is signed)."),
            _("Referring is a reflex in every department; referrers hear what came of it and get their bonus on time."),
        )),
    ]),
    _dimension("results", _("Results"), _(
        "What networking brings: leads, deals, savings on classic marketing, and whether results are reviewed."), [
        (_("Does the group know what networking brings in business (leads, deals, after-sales visits)?"), (
            _("Nobody knows: it is not measured."),
            _("A few stories of a sale thanks to LinkedIn or a club."),
            _("Some dealerships count the leads that come from networks."),
            _("Leads, referrals and deals from networks are counted everywhere."),
            _("Business from networks is measured per dealership and department, set against its cost and reported to "
              "the CoDir."),
        )),
        (_("Has networking saved classic marketing spend (press adverts, mailings, paid campaigns)?"), (
            _("The question was never asked."),
            _("The idea is there, not the figures."),
            _("Some classic spend was cut, without measuring the effect."),
            _("The spend replaced by networking actions is identified and followed."),
            _("The programme's net saving or cost is a known figure, reviewed at every budget."),
        )),
        (_("Are results reviewed regularly and turned into decisions?"), (
            _("No review."),
            _("Once a year at best."),
            _("Every quarter, without decisions."),
            _("Every month, with decisions and owners."),
            _("Every month, with decisions followed up at the next review; the lessons feed the next iteration."),
        )),
    ]),
    _dimension("conviction", _("Conviction"), _(
        "Whether employees believe in what they sell and see networking as good for them too (seed 001)."), [
        (_("Are employees proud of the brands, vehicles and services they sell?"), (
            _("Many do not believe in what they sell, and say so among themselves."),
            _("They “do the job”, without pride."),
            _("Most are satisfied; few would say proud."),
            _("Most are proud and tell customers so."),
            _("Pride is visible and shared: employees speak up for the group in public."),
        )),
        (_("Have employees already offered the group's vehicles or services to their own circle (family, friends)?"), (
            _("“Never!” is the usual answer."),
            _("“Uh, no...”: it rarely happens."),
            _("About half say “Yes, of course”."),
            _("Most do, naturally."),
            _("Nearly all do, and their family and friends come back and recommend them."),
        )),
        (_("Do employees see their profile as their own, and networking as good for them too, not only for the company?"), (
            _("Networking feels imposed: “the company wants my profile as its billboard”."),
            _("Many fear for their contacts: “do my contacts still belong to me?”"),
            _("Most go along with it but see little in it for themselves."),
            _("Most see what they gain (reputation, customers, bonuses) and know their contacts stay theirs."),
            _("Employees ask for more training, content and events: they own their network and share it by choice."),
        )),
    ]),
)

DIMENSION_KEYS: tuple[str, ...] = tuple(d.key for d in DIMENSIONS)
DIMENSION_BY_KEY: dict[str, Dimension] = {d.key: d for d in DIMENSIONS}
QUESTIONS: dict[str, Question] = {q.code: q for d in DIMENSIONS for q in d.questions}
assert len(QUESTIONS) == 3 * len(DIMENSIONS) == 24, "each of the 8 dimensions has 3 questions with distinct codes"
assert all(len(q.levels) == 5 for q in QUESTIONS.values())


def question_get(code) -> Question | None:
    return QUESTIONS.get(code) if isinstance(code, str) else None


# --- The arithmetic -----------------------------------------------------------------------------------------

_TWO = Decimal("0.01")


def as_mean(value) -> Decimal | None:
    """A mean as a Decimal rounded to 2 places (None stays None)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(_TWO, rounding=ROUND_HALF_UP)


def dimension_level(mean) -> int | None:
    """The maturity level 1-5 of a mean of answers: rounded half up (2.5 -> 3), kept within 1..5."""
    if mean is None:
        return None
    level = int(Decimal(str(mean)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return min(max(level, 1), 5)


def maturity_index(mean) -> int | None:
    """The baseline maturity index 0-100 of a mean of answers: (mean - 1) / 4 x 100, rounded half up."""
    if mean is None:
        return None
    index = (Decimal(str(mean)) - 1) * 25
    return min(max(int(index.quantize(Decimal("1"), rounding=ROUND_HALF_UP)), 0), 100)


def level_label(level: int | None) -> str:
    return MATURITY_LEVELS.get(level, "") if level else ""
