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
from adapters.memory.classifier_store import MemoryClassifierStore
from adapters.memory.health import MemoryHealthProbe
from adapters.memory.sign_in_throttle import MemorySignInThrottle
from adapters.passwords import Argon2PasswordHasher
from adapters.sql.analytics import SqlDashboardQueries
from adapters.sql.classifier_store import SqlClassifierStore
from adapters.sql.engine import create_engine
from adapters.sql.health import SqlHealthProbe
from adapters.sql.sign_in_throttle import SqlSignInThrottle
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.account_cache import AccountCache, AccountWatchingUnitOfWorkFactory
from application.ai.retraining import LabelCountingUnitOfWorkFactory, RetrainingTrigger
from application.ai.stored_models import StoredTriageModels
from application.ai.triage import TriageSuggester
from application.jobs.runner import JobRunner
from application.sla_policy_cache import SlaPolicyCache, SlaPolicyCachingUnitOfWorkFactory
from application.use_cases.ai.accept_draft import AcceptDraftHandler
from application.use_cases.ai.first_response import FirstResponseWriter, RetrievalPolicy
from application.use_cases.ai.get_ai_state import GetAiState
from application.use_cases.ai.list_drafts import ListDrafts
from application.use_cases.ai.reject_draft import RejectDraftHandler
from application.use_cases.ai.suggest_for_ticket import SuggestForTicket
from application.use_cases.ai.triage_and_draft import (
    TRIAGE_JOB,
    AutoApplyPolicy,
    TriageAndDraftTicket,
)
from application.use_cases.ai.triage_new_tickets import TriageNewTickets
from application.use_cases.authenticate import AuthenticateHandler
from application.use_cases.change_own_password import ChangeOwnPasswordHandler
from application.use_cases.chat_with_knowledge import ChatWithKnowledgeHandler
from application.use_cases.classifier.classify_texts import ClassifyTextsHandler
from application.use_cases.classifier.get_categories import GetCategoriesHandler
from application.use_cases.classifier.get_status import GetClassifierStatusHandler
from application.use_cases.classifier.request_training import TRAIN_JOB, RequestTrainingHandler
from application.use_cases.classifier.run_training import RunTrainingJob
from application.use_cases.classifier.set_categories import SetCategoriesHandler
from application.use_cases.delete_reply import DeleteReplyHandler
from application.use_cases.delete_ticket import DeleteTicketHandler
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.ensure_admin import EnsureAdminHandler
from application.use_cases.get_dashboard import GetDashboardHandler
from application.use_cases.get_sla_policy import GetSlaPolicyHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.import_tickets import ImportTicketsHandler
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
from application.use_cases.knowledge.warm_up import WarmUpKnowledge
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
from application.use_cases.train_triage_models import TrainTriageModelsHandler
from application.use_cases.update_ticket import UpdateTicketHandler
from application.use_cases.update_user import UpdateUserHandler
from entrypoints import ai_wiring, classifier_wiring, knowledge_wiring
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
    warm_up_knowledge = providers.Singleton(WarmUpKnowledge, knowledge_base)
    # KB_PASSAGE_MIN_SCORE: the similarity a passage needs to be shown as an answer, in
    # AI drafts, the knowledge chat and article suggestions (plain search shows all it finds).
    kb_passage_min_score = providers.Callable(knowledge_wiring.kb_passage_min_score, settings)
    suggest_articles = providers.Singleton(
        SuggestArticlesHandler,
        knowledge_base,
        search_knowledge,
        kb_passage_min_score=kb_passage_min_score,
    )
    delete_knowledge = providers.Singleton(DeleteKnowledgeHandler, knowledge_base)
    delete_document = providers.Singleton(DeleteDocumentHandler, delete_knowledge)
    get_document = providers.Singleton(GetDocumentHandler, knowledge_base)
    list_documents = providers.Singleton(ListDocumentsHandler, knowledge_base)
    reindex_collection = providers.Singleton(ReindexCollectionHandler, knowledge_base)
    ticket_indexer = providers.Singleton(VectorTicketIndexer, knowledge_base)
    # SIMILAR_TICKET_MIN_SCORE: from here a solved ticket is about the same problem (it may
    # ground an AI draft; the console sets such matches apart).
    similar_ticket_min_score = providers.Callable(
        knowledge_wiring.similar_ticket_min_score, settings
    )
    find_similar_tickets = providers.Singleton(
        FindSimilarTicketsHandler, knowledge_base, close_match=similar_ticket_min_score
    )
    # Recently authenticated accounts; a committed change to an account drops it at once.
    account_cache = providers.Singleton(AccountCache, clock, settings.provided.auth_cache_seconds)
    # The SLA policy for ticket writes; a committed change to it drops it at once.
    sla_policy_cache = providers.Singleton(
        SlaPolicyCache, clock, settings.provided.sla_policy_cache_seconds
    )
    # Every use case's unit of work: committed ticket writes are indexed for similar tickets.
    unit_of_work = providers.Singleton(
        TicketIndexingUnitOfWorkFactory,
        providers.Singleton(
            SlaPolicyCachingUnitOfWorkFactory,
            providers.Singleton(
                AccountWatchingUnitOfWorkFactory, storage_unit_of_work, account_cache
            ),
            sla_policy_cache,
        ),
        ticket_indexer,
        clock,
    )
    # What the fast path could not index (the vector store was down) is caught up here.
    ticket_index_sweeper = providers.Singleton(
        knowledge_wiring.make_ticket_index_sweeper, settings, knowledge_base, ticket_indexer
    )

    # AI pipeline (docs/ai.md): triage + grounded draft as a background job per new ticket.
    language_model = providers.Singleton(ai_wiring.make_language_model, settings)
    draft_reply = providers.Singleton(ai_wiring.make_draft_reply, language_model)
    # Classifier (docs/ai.md): stored models, shared by every process, cached in each.
    classifier_store = providers.Selector(
        storage,
        sql=providers.Singleton(SqlClassifierStore, engine),
        memory=providers.Singleton(MemoryClassifierStore),
    )
    ticket_classifier = providers.Singleton(classifier_wiring.make_ticket_classifier, embedder)
    triage_model_source = providers.Singleton(
        StoredTriageModels, classifier_store, ticket_classifier
    )
    run_training = providers.Singleton(
        RunTrainingJob,
        unit_of_work,
        classifier_store,
        providers.Singleton(TrainTriageModelsHandler, ticket_classifier),
        clock,
        target_precision=settings.provided.ai_target_precision,
    )
    first_response_writer = providers.Singleton(
        FirstResponseWriter,
        unit_of_work,
        triage_model_source,
        providers.Singleton(
            TriageSuggester,
            category_chooser=providers.Singleton(
                ai_wiring.make_category_chooser, settings, language_model
            ),
        ),
        search_knowledge,
        find_similar_tickets,
        draft_reply,
        policy=providers.Singleton(
            RetrievalPolicy,
            kb_passage_min_score=kb_passage_min_score,
            similar_ticket_min_score=similar_ticket_min_score,
        ),
    )
    triage_and_draft = providers.Singleton(
        TriageAndDraftTicket,
        unit_of_work,
        first_response_writer,
        clock,
        providers.Singleton(
            AutoApplyPolicy,
            enabled=settings.provided.ai_auto_apply,
            threshold=settings.provided.ai_auto_apply_threshold,
        ),
    )
    # Background job handlers by kind: every feature with jobs registers its handler here.
    job_handlers = providers.Dict({TRIAGE_JOB: triage_and_draft, TRAIN_JOB: run_training})
    job_runner = providers.Singleton(
        JobRunner,
        job_handlers,
        unit_of_work,
        clock,
        max_attempts=settings.provided.job_max_attempts,
        retry_delay_s=settings.provided.job_retry_delay_s,
    )
    job_queue = providers.Singleton(ai_wiring.make_job_queue, settings, job_runner)
    triage_new_tickets = providers.Singleton(
        TriageNewTickets, job_queue, enabled=settings.provided.triage_on_create
    )
    suggest_for_ticket = providers.Singleton(
        SuggestForTicket, unit_of_work, first_response_writer, clock
    )
    get_ai_state = providers.Singleton(GetAiState, unit_of_work)
    list_drafts = providers.Singleton(ListDrafts, unit_of_work)
    accept_draft = providers.Singleton(AcceptDraftHandler, unit_of_work, clock)
    reject_draft = providers.Singleton(RejectDraftHandler, unit_of_work, clock)

    # Classifier status and training, categories, ticket import, KB chat (docs/ai.md).
    request_training = providers.Singleton(
        RequestTrainingHandler, classifier_store, job_queue, clock
    )
    retraining_trigger = providers.Singleton(
        RetrainingTrigger,
        classifier_store,
        request_training,
        clock,
        threshold=settings.provided.ai_retrain_after_label_changes,
    )
    # Units of work whose label changes (edits of category/priority/tags, imports) count
    # towards retraining.
    labelled_unit_of_work = providers.Singleton(
        LabelCountingUnitOfWorkFactory, unit_of_work, retraining_trigger
    )
    get_classifier_status = providers.Singleton(GetClassifierStatusHandler, classifier_store, clock)
    classify_texts = providers.Singleton(ClassifyTextsHandler, triage_model_source)
    get_categories = providers.Singleton(GetCategoriesHandler, classifier_store)
    set_categories = providers.Singleton(SetCategoriesHandler, classifier_store, clock)
    import_tickets = providers.Singleton(ImportTicketsHandler, labelled_unit_of_work, clock)
    chat_with_knowledge = providers.Singleton(
        ChatWithKnowledgeHandler,
        search_knowledge,
        language_model,
        kb_passage_min_score=kb_passage_min_score,
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
    change_own_password = providers.Singleton(
        ChangeOwnPasswordHandler, unit_of_work, password_hasher, sign_in_throttle, clock
    )
    authenticate = providers.Singleton(AuthenticateHandler, unit_of_work, account_cache)
    ensure_admin = providers.Singleton(EnsureAdminHandler, unit_of_work, password_hasher, clock)
    update_user = providers.Singleton(UpdateUserHandler, unit_of_work, password_hasher)
    register_user = providers.Singleton(RegisterUserHandler, unit_of_work, password_hasher, clock)
    get_user = providers.Singleton(GetUserHandler, unit_of_work)
    list_users = providers.Singleton(ListUsersHandler, unit_of_work)
    delete_user = providers.Singleton(DeleteUserHandler, unit_of_work, clock)
    open_ticket = providers.Singleton(OpenTicketHandler, unit_of_work, clock, triage_new_tickets)
    get_ticket = providers.Singleton(GetTicketHandler, unit_of_work)
    list_tickets = providers.Singleton(
        ListTicketsHandler, unit_of_work, clock, settings.provided.sla_at_risk
    )
    update_ticket = providers.Singleton(UpdateTicketHandler, labelled_unit_of_work, clock)
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
