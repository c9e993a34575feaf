#[tokio::main]
async fn main() {
    tracing::info!("worker started");
}
