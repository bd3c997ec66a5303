export default function Page() {
  return <div>建设中</div>;
}
