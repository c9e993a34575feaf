use axum::{routing::get, Router};

async fn healthz() -> &'static str {
    "ok"
}

fn app() -> Router {
    Router::new().route("/healthz", get(healthz))
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().json().init();
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, app()).await.unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn healthz_says_ok() {
        assert_eq!(healthz().await, "ok");
    }
}
