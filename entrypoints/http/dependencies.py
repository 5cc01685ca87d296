"""Use cases reach handlers as Litestar dependencies taken from the container."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import State
from litestar.di import Provide

from application.use_cases.change_own_password import ChangeOwnPasswordHandler
from application.use_cases.delete_reply import DeleteReplyHandler
from application.use_cases.delete_ticket import DeleteTicketHandler
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.get_dashboard import GetDashboardHandler
from application.use_cases.get_sla_policy import GetSlaPolicyHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.list_activity import ListActivityHandler
from application.use_cases.list_ratings import ListRatingsHandler
from application.use_cases.list_replies import ListRepliesHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.list_users import ListUsersHandler
from application.use_cases.open_ticket import OpenTicketHandler
from application.use_cases.post_reply import PostReplyHandler
from application.use_cases.rate_ticket import RateTicketHandler
from application.use_cases.register_user import RegisterUserHandler
from application.use_cases.set_sla_policy import SetSlaPolicyHandler
from application.use_cases.sign_in import SignInHandler
from application.use_cases.sign_up import SignUpHandler
from application.use_cases.update_ticket import UpdateTicketHandler
from application.use_cases.update_user import UpdateUserHandler

USE_CASES: dict[str, type] = {
    "register_user": RegisterUserHandler,
    "get_user": GetUserHandler,
    "list_users": ListUsersHandler,
    "delete_user": DeleteUserHandler,
    "open_ticket": OpenTicketHandler,
    "get_ticket": GetTicketHandler,
    "list_tickets": ListTicketsHandler,
    "update_ticket": UpdateTicketHandler,
    "delete_ticket": DeleteTicketHandler,
    "post_reply": PostReplyHandler,
    "list_replies": ListRepliesHandler,
    "delete_reply": DeleteReplyHandler,
    "list_activity": ListActivityHandler,
    "update_user": UpdateUserHandler,
    "sign_in": SignInHandler,
    "sign_up": SignUpHandler,
    "change_own_password": ChangeOwnPasswordHandler,
    "get_sla_policy": GetSlaPolicyHandler,
    "set_sla_policy": SetSlaPolicyHandler,
    "rate_ticket": RateTicketHandler,
    "list_ratings": ListRatingsHandler,
    "get_dashboard": GetDashboardHandler,
}


def container_dependency(name: str, kind: type) -> Provide:
    """A typed function that asks the app's container for the use case `name`."""

    def provide(state: State) -> Any:
        return getattr(state.container, name)()

    provide.__annotations__ = {"state": State, "return": kind}
    provide.__name__ = f"provide_{name}"
    return Provide(provide, sync_to_thread=False)


def use_case_dependencies() -> dict[str, Provide]:
    return {name: container_dependency(name, kind) for name, kind in USE_CASES.items()}
