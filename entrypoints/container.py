"""The dependency-injector container: the one place where adapters meet use cases.

Nothing below `entrypoints/` imports it; dependencies reach use cases through
their constructors. `DATABASE_URL=memory://` selects the in-memory adapters
(handy for demos and fast HTTP tests); any SQL URL selects SQLAlchemy.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.clock import SystemClock
from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.health import MemoryHealthProbe
from adapters.sql.engine import create_engine
from adapters.sql.health import SqlHealthProbe
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.use_cases.delete_ticket import DeleteTicketHandler
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.list_replies import ListRepliesHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.list_users import ListUsersHandler
from application.use_cases.open_ticket import OpenTicketHandler
from application.use_cases.post_reply import PostReplyHandler
from application.use_cases.register_user import RegisterUserHandler
from application.use_cases.update_ticket import UpdateTicketHandler
from entrypoints.settings import Settings

MEMORY_URL_PREFIX = "memory:"


def storage_kind(database_url: str) -> str:
    return "memory" if database_url.startswith(MEMORY_URL_PREFIX) else "sql"


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    storage = providers.Callable(storage_kind, settings.provided.database_url)

    clock = providers.Singleton(SystemClock)

    engine = providers.Singleton(
        create_engine,
        settings.provided.database_url,
        echo=settings.provided.sql_echo,
        pool_size=settings.provided.database_pool_size,
    )
    unit_of_work = providers.Selector(
        storage,
        sql=providers.Singleton(SqlUnitOfWorkFactory, engine),
        memory=providers.Singleton(MemoryUnitOfWorkFactory),
    )
    health_probe = providers.Selector(
        storage,
        sql=providers.Singleton(SqlHealthProbe, engine),
        memory=providers.Singleton(MemoryHealthProbe),
    )

    register_user = providers.Singleton(RegisterUserHandler, unit_of_work, clock)
    get_user = providers.Singleton(GetUserHandler, unit_of_work)
    list_users = providers.Singleton(ListUsersHandler, unit_of_work)
    delete_user = providers.Singleton(DeleteUserHandler, unit_of_work)
    open_ticket = providers.Singleton(OpenTicketHandler, unit_of_work, clock)
    get_ticket = providers.Singleton(GetTicketHandler, unit_of_work)
    list_tickets = providers.Singleton(ListTicketsHandler, unit_of_work)
    update_ticket = providers.Singleton(UpdateTicketHandler, unit_of_work, clock)
    delete_ticket = providers.Singleton(DeleteTicketHandler, unit_of_work)
    post_reply = providers.Singleton(PostReplyHandler, unit_of_work, clock)
    list_replies = providers.Singleton(ListRepliesHandler, unit_of_work)


def build_container(settings: Settings) -> Container:
    return Container(settings=settings)
