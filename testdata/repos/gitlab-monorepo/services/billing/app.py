from flask import Flask

app = Flask(__name__)


@app.get("/invoices")
def invoices():
    return {"invoices": []}
