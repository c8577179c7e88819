def load_actions(partnership):
    pass
