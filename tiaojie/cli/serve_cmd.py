"""`tiaojie serve`: placeholder until the serving layer lands (replaced below)."""
import click

@click.command()
def serve():
    """启动 Voilà 应用 / serve the Voilà apps."""
