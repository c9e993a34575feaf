"""In-process feedback store (the nightly export job drains it)."""

import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone


@dataclass
class Feedback:
    ticket_id: str
    rating: int
    comment: str = ""
    created_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())


class FeedbackStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[Feedback] = []

    def add(self, item: Feedback) -> None:
        with self._lock:
            self._items.append(item)

    def summary(self) -> dict:
        with self._lock:
            if not self._items:
                return {"count": 0, "average": None}
            ratings = [f.rating for f in self._items]
            return {"count": len(ratings), "average": round(sum(ratings) / len(ratings), 2)}

    def drain(self) -> list[dict]:
        with self._lock:
            items, self._items = self._items, []
        return [asdict(i) for i in items]
