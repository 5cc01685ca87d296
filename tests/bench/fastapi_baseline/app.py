"""The baseline's routes: FastAPI, sync endpoints, pydantic models, JWT bearer auth.

Run with `uvicorn --factory tests.bench.fastapi_baseline.app:app_from_env`
(BASELINE_DATABASE_URL, BASELINE_SECRET_KEY); the schema must exist
(`database.create_schema`). No `from __future__ import annotations` here: FastAPI
reads the endpoints' annotations, which name dependencies local to `create_app`.
"""

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
from fastapi import Depends, FastAPI, HTTPException, Query, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.bench.fastapi_baseline.database import make_engine, make_sessions
from tests.bench.fastapi_baseline.models import Reply, Ticket, User
from tests.bench.fastapi_baseline.schemas import (
    Priority,
    ReplyCreate,
    ReplyOut,
    Status,
    TicketCreate,
    TicketOut,
)

ALGORITHM = "HS256"
STAFF = {"agent", "admin"}


def issue_token(secret_key: str, user_id: int, minutes: int = 60) -> str:
    expires = datetime.now(UTC) + timedelta(minutes=minutes)
    return jwt.encode({"sub": str(user_id), "exp": expires}, secret_key, algorithm=ALGORITHM)


def create_app(database_url: str, secret_key: str) -> FastAPI:
    sessions = make_sessions(make_engine(database_url))
    bearer = HTTPBearer()
    app = FastAPI(title="Baseline tickets API")

    def get_db() -> Iterator[Session]:
        db = sessions()
        try:
            yield db
        finally:
            db.close()

    def current_user(
        credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)],
        db: Annotated[Session, Depends(get_db)],
    ) -> User:
        try:
            payload = jwt.decode(credentials.credentials, secret_key, algorithms=[ALGORITHM])
            user_id = int(payload["sub"])
        except (jwt.PyJWTError, KeyError, ValueError):
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid token") from None
        user = db.get(User, user_id)
        if user is None or not user.active:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown account")
        return user

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    Db = Annotated[Session, Depends(get_db)]
    CurrentUser = Annotated[User, Depends(current_user)]

    def visible_ticket(db: Session, user: User, ticket_id: int) -> Ticket:
        ticket = db.get(Ticket, ticket_id)
        if ticket is None or (user.role not in STAFF and ticket.requester_id != user.id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "ticket not found")
        return ticket

    @app.post("/api/tickets", response_model=TicketOut, status_code=201)
    def open_ticket(body: TicketCreate, db: Db, user: CurrentUser) -> Ticket:
        if user.role in STAFF:
            if body.requester_id is None:
                raise HTTPException(422, "requester_id is required")
            requester_id = body.requester_id
        else:
            requester_id = user.id
        for user_id in {requester_id, body.assignee_id} - {None}:
            if db.get(User, user_id) is None:
                raise HTTPException(422, f"user {user_id} does not exist")
        ticket = Ticket(
            title=body.title,
            content=body.content,
            status=body.status.value,
            priority=body.priority.value,
            tags=sorted({tag.strip().lower() for tag in body.tags if tag.strip()}),
            category=body.category,
            requester_id=requester_id,
            assignee_id=body.assignee_id,
        )
        db.add(ticket)
        db.commit()
        db.refresh(ticket)
        return ticket

    @app.get("/api/tickets/{ticket_id}", response_model=TicketOut)
    def get_ticket(ticket_id: int, db: Db, user: CurrentUser) -> Ticket:
        return visible_ticket(db, user, ticket_id)

    @app.get("/api/tickets", response_model=list[TicketOut])
    def list_tickets(
        response: Response,
        db: Db,
        user: CurrentUser,
        status_: Annotated[Status | None, Query(alias="status")] = None,
        priority: Priority | None = None,
        page: Annotated[int, Query(ge=1)] = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> list[Ticket]:
        query = select(Ticket)
        if user.role not in STAFF:
            query = query.where(Ticket.requester_id == user.id)
        if status_ is not None:
            query = query.where(Ticket.status == status_.value)
        if priority is not None:
            query = query.where(Ticket.priority == priority.value)
        total = db.scalar(select(func.count()).select_from(query.subquery()))
        response.headers["X-Total-Count"] = str(total)
        rows = db.scalars(
            query.order_by(Ticket.created_at.desc(), Ticket.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
        return list(rows)

    @app.post("/api/tickets/{ticket_id}/replies", response_model=ReplyOut, status_code=201)
    def post_reply(ticket_id: int, body: ReplyCreate, db: Db, user: CurrentUser) -> Reply:
        ticket = visible_ticket(db, user, ticket_id)
        if body.internal and user.role not in STAFF:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "internal notes are for staff")
        reply = Reply(
            ticket_id=ticket.id, author_id=user.id, content=body.content, internal=body.internal
        )
        ticket.updated_at = datetime.now(UTC)
        db.add(reply)
        db.commit()
        db.refresh(reply)
        return reply

    return app


def app_from_env() -> FastAPI:
    return create_app(os.environ["BASELINE_DATABASE_URL"], os.environ["BASELINE_SECRET_KEY"])
