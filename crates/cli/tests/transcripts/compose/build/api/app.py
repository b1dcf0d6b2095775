print("hello from the api")
