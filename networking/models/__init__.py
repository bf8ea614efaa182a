"""Networking models (issue 5), one module per area; import them from here."""

from networking.models.activity import Activity, ActivityImport, ActivityKind, ActivitySource, ToolLicence
from networking.models.coaching import Charter, CharterAcknowledgement, CoachingNote
from networking.models.common import ActivityChannel, Platform
from networking.models.networks import (
    EventAttendance,
    EventContact,
    MembershipRole,
    Network,
    NetworkEvent,
    NetworkKind,
    NetworkMembership,
    NetworkTarget,
    Priority,
)
from networking.models.profiles import SocialProfile
from networking.models.pulse import OfferedOwnCircle, Pulse, PulseAnswer, PulseParticipation
from networking.models.score import NetworkingScore, NetworkingScoreRun, NetworkingSettings

__all__ = [
    "Activity",
    "ActivityChannel",
    "ActivityImport",
    "ActivityKind",
    "ActivitySource",
    "Charter",
    "CharterAcknowledgement",
    "CoachingNote",
    "EventAttendance",
    "EventContact",
    "MembershipRole",
    "Network",
    "NetworkEvent",
    "NetworkKind",
    "NetworkMembership",
    "NetworkTarget",
    "NetworkingScore",
    "NetworkingScoreRun",
    "NetworkingSettings",
    "OfferedOwnCircle",
    "Platform",
    "Priority",
    "Pulse",
    "PulseAnswer",
    "PulseParticipation",
    "SocialProfile",
    "ToolLicence",
]
