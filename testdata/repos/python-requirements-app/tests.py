import unittest

from app import create_app


class FeedbackApiTest(unittest.TestCase):
    def setUp(self) -> None:
        self.app = create_app({"TESTING": True})
        self.client = self.app.test_client()

    def test_healthz(self) -> None:
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_submit_and_summary(self) -> None:
        for rating in (4, 5):
            res = self.client.post("/api/feedback", json={"ticket_id": "T-1", "rating": rating})
            self.assertEqual(res.status_code, 201)
        self.assertEqual(self.client.get("/api/feedback/summary").get_json(), {"count": 2, "average": 4.5})

    def test_rejects_out_of_range_rating(self) -> None:
        for rating in (0, 6, "many"):
            with self.subTest(rating=rating):
                res = self.client.post("/api/feedback", json={"ticket_id": "T-1", "rating": rating})
                self.assertEqual(res.status_code, 400)

    def test_comment_is_truncated(self) -> None:
        self.client.post("/api/feedback", json={"ticket_id": "T-2", "rating": 3, "comment": "x" * 5000})
        stored = self.app.extensions["feedback_store"].drain()
        self.assertEqual(len(stored[0]["comment"]), 2000)


if __name__ == "__main__":
    unittest.main()
