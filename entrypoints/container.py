"""The dependency-injector container: the one place where adapters meet use cases.

Nothing below `entrypoints/` imports it; dependencies reach use cases through
their constructors. `DATABASE_URL=memory://` selects the in-memory adapters
(handy for demos and fast HTTP tests); any SQL URL selects SQLAlchemy.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.clock import SystemClock
from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.analytics import MemoryDashboardQueries
from adapters.memory.health import MemoryHealthProbe
from adapters.memory.sign_in_throttle import MemorySignInThrottle
from adapters.passwords import Argon2PasswordHasher
from adapters.sql.analytics import SqlDashboardQueries
from adapters.sql.engine import create_engine
from adapters.sql.health import SqlHealthProbe
from adapters.sql.sign_in_throttle import SqlSignInThrottle
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.use_cases.authenticate import AuthenticateHandler
from application.use_cases.delete_reply import DeleteReplyHandler
from application.use_cases.delete_ticket import DeleteTicketHandler
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.ensure_admin import EnsureAdminHandler
from application.use_cases.get_dashboard import GetDashboardHandler
from application.use_cases.get_sla_policy import GetSlaPolicyHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.knowledge.delete_document import DeleteDocumentHandler
from application.use_cases.knowledge.delete_knowledge import DeleteKnowledgeHandler
from application.use_cases.knowledge.find_similar_tickets import FindSimilarTicketsHandler
from application.use_cases.knowledge.get_document import GetDocumentHandler
from application.use_cases.knowledge.index_tickets import (
    TicketIndexingUnitOfWorkFactory,
    VectorTicketIndexer,
)
from application.use_cases.knowledge.ingest_documents import IngestDocumentsHandler
from application.use_cases.knowledge.list_documents import ListDocumentsHandler
from application.use_cases.knowledge.reindex_collection import ReindexCollectionHandler
from application.use_cases.knowledge.search_knowledge import SearchKnowledgeHandler
from application.use_cases.knowledge.suggest_articles import SuggestArticlesHandler
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
from entrypoints import knowledge_wiring
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
    storage_unit_of_work = providers.Selector(
        storage,
        sql=providers.Singleton(SqlUnitOfWorkFactory, engine),
        memory=providers.Singleton(MemoryUnitOfWorkFactory),
    )
    health_probe = providers.Selector(
        storage,
        sql=providers.Singleton(SqlHealthProbe, engine),
        memory=providers.Singleton(MemoryHealthProbe),
    )

    # Knowledge base (docs/knowledge-base.md): models and stores load lazily on first use.
    embedder = providers.Singleton(knowledge_wiring.make_embedder, settings)
    vector_index = providers.Singleton(knowledge_wiring.make_vector_index, settings)
    lexical_index = providers.Singleton(knowledge_wiring.make_lexical_index)
    knowledge_base = providers.Singleton(
        knowledge_wiring.make_knowledge_base,
        settings,
        storage_unit_of_work,
        embedder,
        vector_index,
        lexical_index,
        clock,
    )
    ingest_documents = providers.Singleton(IngestDocumentsHandler, knowledge_base)
    search_knowledge = providers.Singleton(SearchKnowledgeHandler, knowledge_base)
    suggest_articles = providers.Singleton(SuggestArticlesHandler, knowledge_base, search_knowledge)
    delete_knowledge = providers.Singleton(DeleteKnowledgeHandler, knowledge_base)
    delete_document = providers.Singleton(DeleteDocumentHandler, delete_knowledge)
    get_document = providers.Singleton(GetDocumentHandler, knowledge_base)
    list_documents = providers.Singleton(ListDocumentsHandler, knowledge_base)
    reindex_collection = providers.Singleton(ReindexCollectionHandler, knowledge_base)
    ticket_indexer = providers.Singleton(VectorTicketIndexer, knowledge_base)
    find_similar_tickets = providers.Singleton(FindSimilarTicketsHandler, knowledge_base)
    # Every use case's unit of work: committed ticket writes are indexed for similar tickets.
    unit_of_work = providers.Singleton(
        TicketIndexingUnitOfWorkFactory, storage_unit_of_work, ticket_indexer
    )

    password_hasher = providers.Singleton(Argon2PasswordHasher)
    sign_in_throttle = providers.Selector(
        storage,
        sql=providers.Singleton(SqlSignInThrottle, engine),
        memory=providers.Singleton(MemorySignInThrottle),
    )

    sign_in = providers.Singleton(
        SignInHandler, unit_of_work, password_hasher, sign_in_throttle, clock
    )
    sign_up = providers.Singleton(
        SignUpHandler, unit_of_work, password_hasher, clock, open_=settings.provided.signup_open
    )
    authenticate = providers.Singleton(AuthenticateHandler, unit_of_work)
    ensure_admin = providers.Singleton(EnsureAdminHandler, unit_of_work, password_hasher, clock)
    update_user = providers.Singleton(UpdateUserHandler, unit_of_work, password_hasher)
    register_user = providers.Singleton(RegisterUserHandler, unit_of_work, password_hasher, clock)
    get_user = providers.Singleton(GetUserHandler, unit_of_work)
    list_users = providers.Singleton(ListUsersHandler, unit_of_work)
    delete_user = providers.Singleton(DeleteUserHandler, unit_of_work)
    open_ticket = providers.Singleton(OpenTicketHandler, unit_of_work, clock)
    get_ticket = providers.Singleton(GetTicketHandler, unit_of_work)
    list_tickets = providers.Singleton(
        ListTicketsHandler, unit_of_work, clock, settings.provided.sla_at_risk
    )
    update_ticket = providers.Singleton(UpdateTicketHandler, unit_of_work, clock)
    delete_ticket = providers.Singleton(DeleteTicketHandler, unit_of_work)
    post_reply = providers.Singleton(PostReplyHandler, unit_of_work, clock)
    list_replies = providers.Singleton(ListRepliesHandler, unit_of_work)
    delete_reply = providers.Singleton(DeleteReplyHandler, unit_of_work, clock)
    list_activity = providers.Singleton(ListActivityHandler, unit_of_work)

    # SLA, satisfaction and the dashboard (docs/analytics.md)
    get_sla_policy = providers.Singleton(GetSlaPolicyHandler, unit_of_work)
    set_sla_policy = providers.Singleton(SetSlaPolicyHandler, unit_of_work)
    rate_ticket = providers.Singleton(RateTicketHandler, unit_of_work, clock)
    list_ratings = providers.Singleton(ListRatingsHandler, unit_of_work)
    dashboard_queries = providers.Selector(
        storage,
        sql=providers.Singleton(SqlDashboardQueries, engine),
        memory=providers.Singleton(MemoryDashboardQueries, unit_of_work),
    )
    get_dashboard = providers.Singleton(
        GetDashboardHandler, dashboard_queries, clock, settings.provided.sla_at_risk
    )


def build_container(settings: Settings) -> Container:
    return Container(settings=settings)
